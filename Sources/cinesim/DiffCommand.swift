import ArgumentParser
import Foundation
import Reports

/// `cinesim diff a b`: compares two summaries (files or run directories) metric by metric.
/// Exit 0 on success, 2 on unreadable input.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "diff", abstract: "Compare two summary.json files (terminal table or --json).")

    @Argument(help: "The first summary.json or run directory (a).") var a: String
    @Argument(help: "The second summary.json or run directory (b).") var b: String
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Show only rows that changed.") var changed = false

    func run() throws {
        do {
            let sa = try SummaryJSON.load(path: RunDirectory.summaryPath(a))
            let sb = try SummaryJSON.load(path: RunDirectory.summaryPath(b))
            var diff = SummaryDiff.compare(sa, sb, nameA: a, nameB: b)
            if json {
                if changed { diff.rows = diff.rows.filter { $0.assessment != "same" } }
                print(diff.json, terminator: "")
            } else {
                print(diff.table(onlyChanged: changed), terminator: "")
            }
        } catch let error as ReportError {
            FileHandleOutput.writeToStandardError("cinesim diff: \(error)\n")
            throw ExitCode(2)
        }
    }
}
