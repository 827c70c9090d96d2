import ArgumentParser
import Foundation
import Reports

/// `cinesim diff a b`: compares two summaries (files or run directories) metric by metric.
/// Exit 0 on success; 1 with `--fail-on-regression` when b is worse than a beyond the regression
/// policy's tolerance band on any tracked metric; 2 on unreadable input, or when the summaries
/// are of different scenarios (unless `--allow-different-scenarios`).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two summary.json files (terminal table or --json).")

    @Argument(help: "The first summary.json or run directory (a).") var a: String
    @Argument(help: "The second summary.json or run directory (b).") var b: String
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Show only rows that changed.") var changed = false
    @Flag(help: "Exit 1 when b is worse than a beyond the regression tolerance band (latency +10% and ≥ 1 ms, availability −0.5 points, seats sold/s −5%; judged only with ≥ 100 requests beyond the percentile in both runs: p50 200, p95 2,000, p99 10,000 requests; availability 200). The table's last column marks rows beyond the band.")
    var failOnRegression = false
    @Flag(help: "Compare summaries of different scenarios (otherwise exit 2).") var allowDifferentScenarios = false

    func run() throws {
        do {
            let sa = try SummaryJSON.load(path: RunDirectory.summaryPath(a))
            let sb = try SummaryJSON.load(path: RunDirectory.summaryPath(b))
            guard allowDifferentScenarios || sa.scenario.name == sb.scenario.name else {
                throw ReportError.invalidInput("a is scenario '\(sa.scenario.name)', b is '\(sb.scenario.name)'; pass --allow-different-scenarios to compare them anyway")
            }
            var diff = SummaryDiff.compare(sa, sb, nameA: a, nameB: b)
            let regressions = diff.regressions()
            if json {
                if changed { diff.rows = diff.rows.filter { $0.assessment != "same" } }
                print(diff.json, terminator: "")
            } else {
                print(diff.table(onlyChanged: changed), terminator: "")
            }
            if failOnRegression, !regressions.isEmpty {
                FileHandleOutput.writeToStandardError("cinesim diff: \(regressions.count) metric(s) worse beyond the tolerance band: \(regressions.map(\.metric).joined(separator: ", "))\n")
                throw ExitCode(1)
            }
        } catch let error as ReportError {
            FileHandleOutput.writeToStandardError("cinesim diff: \(error)\n")
            throw ExitCode(2)
        }
    }
}
