import ArgumentParser
import SimulationKernel

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

    @Option(help: "Root seed.")
    var seed: UInt64 = 1

    func run() throws {
        guard events > 0 else { throw ValidationError("--events must be positive") }
        print("cinesim bench kernel: \(events) events per workload, seed \(seed)")
        for pending in [1_000, 100_000] {
            let (elapsed, checksum) = BenchClock.measure { KernelBenchmarks.hold(pendingEvents: pending, events: events, seed: seed) }
            BenchClock.report("hold model, \(pending) pending", events: events, seconds: elapsed, note: "checksum \(checksum)")
        }
        // Two events per customer (arrival, service completion).
        let (elapsed, processed) = BenchClock.measure {
            KernelBenchmarks.multiServerQueue(servers: 8, utilisation: 0.8, customers: events / 2, seed: seed)
        }
        BenchClock.report("M/M/8 at ρ=0.8 (verify model)", events: processed, seconds: elapsed, note: "")
    }
}

/// Wall-clock measurement for benchmarks only.
enum BenchClock {
    static func measure<T>(_ body: () -> T) -> (seconds: Double, value: T) {
        let clock = ContinuousClock()
        let start = clock.now
        let value = body()
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (seconds, value)
    }

    static func report(_ name: String, events: Int, seconds: Double, note: String) {
        let rate = Double(events) / seconds / 1e6
        let rateText = FixedDecimal.format(rate, decimals: 2)
        let timeText = FixedDecimal.format(seconds, decimals: 3)
        print(FixedDecimal.padRight(name, 34) + FixedDecimal.padLeft(rateText, 8) + "M events/s  (\(events) events in \(timeText) s)" + (note.isEmpty ? "" : "  " + note))
    }
}
