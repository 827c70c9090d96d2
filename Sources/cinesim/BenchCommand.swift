import ArgumentParser
import SimulationKernel
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `cinesim bench`: throughput benchmarks. Wall-clock figures are printed here and nowhere else
/// (DESIGN §2: they never enter a deterministic output).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure simulator throughput (wall-clock; results vary by machine).",
        subcommands: [BenchKernelCommand.self])
}

/// `cinesim bench kernel`: events per second of the event queue and the reference queueing model.
struct BenchKernelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kernel",
        abstract: "Events/s for the hold model (1,000 and 100,000 pending events) and M/M/8 at ρ = 0.8.",
        discussion: "Build with -c release for meaningful numbers: a debug build is 12-30x slower.")

    @Option(help: "Events per workload.")
    var events: Int = 20_000_000

    @Option(parsing: .unconditional, help: "Root seed.", transform: SeedArgument.parse)
    var seed: UInt64 = 1

    func run() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
        print("cinesim bench kernel: \(events) events per workload, seed \(seed)")
        for pending in [1_000, 100_000] {
            let (timing, checksum) = BenchClock.measure { KernelBenchmarks.hold(pendingEvents: pending, events: events, seed: seed) }
            BenchClock.report("hold model, \(pending) pending", events: events, timing: timing, note: "checksum \(checksum)")
        }
        let (leanTiming, lean) = BenchClock.measure {
            KernelBenchmarks.leanMultiServerQueue(servers: 8, utilisation: 0.8, events: events, seed: seed)
        }
        // Wq of M/M/8 at ρ = 0.8 is 0.2860 s (Erlang C): a sanity check that the loop did real work.
        BenchClock.report("M/M/8 at ρ=0.8 (kernel loop)", events: lean.events, timing: leanTiming,
                          note: "mean wait " + FixedDecimal.format(lean.meanWaitSeconds, decimals: 4) + " s")
        // Two events per customer (arrival, service completion).
        let (timing, processed) = BenchClock.measure {
            KernelBenchmarks.multiServerQueue(servers: 8, utilisation: 0.8, customers: events / 2, seed: seed)
        }
        BenchClock.report("M/M/8 at ρ=0.8 (verify model)", events: processed, timing: timing, note: "with batch statistics")
    }
}

/// Wall-clock and thread-CPU-time measurement for benchmarks only. Both are printed: on a shared,
/// loaded machine wall-clock rates drop with contention while CPU-time rates show the code's speed.
enum BenchClock {
    struct Timing { var wallSeconds: Double; var cpuSeconds: Double }

    static func threadCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    static func measure<T>(_ body: () -> T) -> (Timing, T) {
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        let value = body()
        let cpu = threadCPUSeconds() - cpuStart
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (Timing(wallSeconds: seconds, cpuSeconds: cpu), value)
    }

    static func report(_ name: String, events: Int, timing: Timing, note: String) {
        func rate(_ seconds: Double) -> String { FixedDecimal.padLeft(FixedDecimal.format(Double(events) / seconds / 1e6, decimals: 2), 7) }
        print(FixedDecimal.padRight(name, 30) + rate(timing.wallSeconds) + "M events/s wall, " + rate(timing.cpuSeconds)
              + "M events/s CPU  (\(events) events, " + FixedDecimal.format(timing.wallSeconds, decimals: 3) + " s wall, "
              + FixedDecimal.format(timing.cpuSeconds, decimals: 3) + " s CPU)" + (note.isEmpty ? "" : "  " + note))
    }
}
