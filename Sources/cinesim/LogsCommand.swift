import ArgumentParser
import Foundation
import Reports
import SimulationPrimitives
import Telemetry

/// `cinesim logs <run> --query '<field:value AND …>' [--histogram 10s]`: Kibana-style questions
/// over a run's `logs.ndjson` in the terminal — filter and count, `event.duration` percentiles,
/// a date histogram; `--bulk` prints the matches as an Elasticsearch `_bulk` body.
struct LogsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logs",
        abstract: "Query a run's ECS logs: filter, count, percentiles of event.duration, date histogram, _bulk output.",
        discussion: """
        Load into Elasticsearch:
          cinesim logs RUN --bulk | curl -s -H 'Content-Type: application/x-ndjson' -XPOST 'localhost:9200/cinesim-logs/_bulk' --data-binary @-
        """)

    @Argument(help: "A run directory (holding logs.ndjson) or an NDJSON file.") var path: String
    @Option(help: "KQL: field:value, field >= N, AND, OR, NOT, parentheses, field:(a or b); prefix* and field:* allowed; event.duration takes units (event.duration > 100ms). Unsupported syntax is an error (exit 2).") var query = ""
    @Option(help: "Date histogram interval, e.g. 10s, 1m.") var histogram: String?
    @Option(help: "Percents for event.duration percentiles, comma-separated.") var percents = "1,5,25,50,75,95,99"
    @Flag(help: "Print matching documents as an Elasticsearch _bulk body instead of statistics.") var bulk = false
    @Flag(help: "Print matching documents (NDJSON) instead of statistics.") var documents = false

    func run() throws {
        do {
            let search = try LogSearch.load(path: path)
            let q = try LogQuery.parse(query)
            try search.checkFields(of: q)
            let hits = search.filter(q)
            if bulk || documents {
                let text = hits.map { search.lines[$0] + "\n" }.joined()
                print(bulk ? ECSLogWriter.bulkBody(fromNDJSON: text) : text, terminator: "")
                return
            }
            print("\(hits.count) of \(search.documents.count) events match\(query.isEmpty ? "" : " '\(query)'")")
            let ps = try percents.split(separator: ",").map { p -> Double in
                guard let v = Double(p.trimmingCharacters(in: .whitespaces)), v >= 0, v <= 100 else {
                    throw ReportError.invalidInput("--percents: '\(p)' is not a percent in 0…100")
                }
                return v
            }
            let pct = search.durationPercentiles(hits, percents: ps)
            if !pct.isEmpty {
                print("event.duration percentiles (exact, nearest rank):")
                for (p, ns) in pct { print("  p\(BudgetFormat.number(p))".padding(toLength: 10, withPad: " ", startingAt: 0) + BudgetFormat.value(ns / 1e6, unit: .milliseconds)) }
            }
            if let histogram {
                let interval: SimDuration
                do { interval = try SimDuration(parsing: histogram) } catch { throw ReportError.invalidInput("--histogram: \(error)") }
                guard interval.nanoseconds >= 1_000_000 else { throw ReportError.invalidInput("--histogram must be at least 1ms") }
                let buckets = search.dateHistogram(hits, interval: interval)
                let peak = buckets.map(\.count).max() ?? 0
                print("date histogram (fixed_interval \(interval)):")
                for b in buckets {
                    let bar = peak > 0 ? String(repeating: "█", count: Int((Double(b.count) / Double(peak) * 40).rounded(.up))) : ""
                    let at = VirtualClock.iso8601(SimTime(nanosecondsSinceStart: b.start.nanoseconds))
                    print("  \(at)  \(("T+" + b.start.description).padding(toLength: 10, withPad: " ", startingAt: 0)) \(String(b.count).leftPadded(7)) \(bar)")
                }
            }
        } catch let error as ReportError {
            FileHandleOutput.writeToStandardError("cinesim logs: \(error)\n")
            throw ExitCode(2)
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
