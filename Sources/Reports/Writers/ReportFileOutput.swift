import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One report file being written in pieces (``ReportWriter``'s staging folder): `open(2)` with
/// `O_CREAT | O_TRUNC`, `write(2)` until each piece is out (short writes and `EINTR` retried),
/// `close(2)`. Owns no buffer of its own: the writers hand it pieces of ~1 MiB, so a file of any
/// size costs one piece of memory (issue 6).
final class ReportFileOutput {
    let path: String
    private var descriptor: Int32

    /// Creates (or truncates) the file at `path`, mode 0666 less the umask (as `Data.write(to:)`).
    /// - Throws: ``ReportError/io(_:)`` naming the path and the system's reason.
    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        if descriptor < 0 { throw ReportError.io("cannot create \(path): \(String(cString: strerror(errno)))") }
    }

    /// Appends `bytes` to the file.
    /// - Throws: ``ReportError/io(_:)`` when the system refuses (disk full, closed file…).
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard descriptor >= 0 else { throw ReportError.io("cannot write \(path): already closed") }
        guard var next = bytes.baseAddress else { return }
        var left = bytes.count
        while left > 0 {
            let written = systemWrite(descriptor, next, left)
            if written < 0 {
                if errno == EINTR { continue }
                throw ReportError.io("cannot write \(path): \(String(cString: strerror(errno)))")
            }
            next += written
            left -= written
        }
    }

    /// Closes the file, reporting a failed close (a deferred write error on some file systems).
    /// - Throws: ``ReportError/io(_:)``.
    func finish() throws {
        guard descriptor >= 0 else { return }
        let result = systemClose(descriptor)
        descriptor = -1
        if result != 0 { throw ReportError.io("cannot close \(path): \(String(cString: strerror(errno)))") }
    }

    /// Closes the file if ``finish()`` did not (after an error); errors ignored.
    func close() {
        if descriptor >= 0 { _ = systemClose(descriptor); descriptor = -1 }
    }

    deinit { close() }
}

// The system calls by module name: the class's own `write`/`close` hide the global ones.
#if canImport(Glibc)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Glibc.write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { Glibc.close(fd) }
#else
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { Darwin.write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { Darwin.close(fd) }
#endif
