#if canImport(Glibc)
import Glibc
#endif

/// Allocator settings for a long simulation run (issue 6: peak memory within 256 MB, flat as the
/// simulated duration grows).
enum MemoryTuning {
    /// Fixes glibc malloc's mmap threshold at its initial 128 KiB. By default glibc raises the
    /// threshold up to 32 MiB each time an mmapped block is freed ("dynamic mmap threshold",
    /// mallopt(3)), after which the large buffers of a run (tables growing by doubling: oplog windows,
    /// document stores, time series) come from the heap, and their freed predecessors stay as
    /// fragmentation in the resident set. With a fixed threshold every large buffer is its own
    /// mapping and returns to the system when it is replaced. Measured on the 15-minute reference
    /// run: peak RSS 268 MB → 234 MB, no measurable change in speed (docs/performance.md, "Memory").
    /// No effect on other C libraries.
    static func apply() {
        #if canImport(Glibc)
        // `mallopt` is declared in <malloc.h>, which the Glibc module does not export: look it up.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD, <malloc.h>
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThreshold, 128 * 1024)
        #endif
    }
}
