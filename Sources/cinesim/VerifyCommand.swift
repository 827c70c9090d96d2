import ArgumentParser
import SimulationKernel

/// `cinesim verify`: the queueing conformance suite (issue 2; DESIGN §8). Prints the verdict table
/// and exits 1 if any check fails. The output has no wall-clock figure: the same seed prints the
/// same bytes in any process (tested in Tests/CLITests).
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the simulator against queueing theory (M/M/1, M/M/c Erlang C, a Jackson network, Little's law).",
        discussion: """
        Simulates every M/M/c row of reference/simulation-anchors.md §5 and the 3-node Jackson network, \
        and compares each measured quantity with its closed form. Verdicts use batch-means confidence \
        intervals with a Bonferroni correction over all checks (family-wise 99 %). Exit code 1 if any \
        check fails.
        """)

    @Option(parsing: .unconditional, help: "Root seed of the runs.", transform: SeedArgument.parse)
    var seed: UInt64 = 1

    @Option(help: "Run length: small (quick, wide intervals), medium, or full.")
    var scale: ConformanceScaleArgument = .full

    func run() throws {
        let report = ConformanceSuite(seed: seed, scale: scale.value).run()
        print(report.renderTable(), terminator: "")
        if !report.passed { throw ExitCode(1) }
    }
}

/// `--scale` values.
enum ConformanceScaleArgument: String, ExpressibleByArgument, CaseIterable {
    case small, medium, full
    var value: ConformanceScale { ConformanceScale(rawValue: rawValue)! }
}
