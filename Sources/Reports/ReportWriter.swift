import Foundation
import Telemetry

/// Writes a run's report directory (DESIGN §6): `summary.json`, `summary.md`, `junit.xml`,
/// `logs.ndjson`, `trace.json`, `timeseries.csv` and `report.html`.
///
/// ```swift
/// try ReportWriter.write(artifacts: artifacts, to: "reports/premiere/run-42")
/// ```
///
/// Atomicity: every file is first written into a sibling temporary directory
/// (`.<name>.partial-<pid>`); only when all of them are complete is that directory renamed into
/// place (an existing report is moved aside first and deleted after the swap). A failure or
/// interruption before the swap leaves the previous report untouched; the swap itself is two
/// `rename(2)` calls on the same file system.
public enum ReportWriter {
    /// What to write besides the artifacts themselves.
    public struct Options: Sendable {
        /// Share of log events kept in `logs.ndjson` (deterministic by trace id), 0…1.
        public var logSampleRate: Double = 1
        /// Traces written to `trace.json` (first N by appearance).
        public var maxTraces: Int = 200
        /// Baseline comparison to show in `summary.md`, `junit.xml` and `report.html`.
        public var regressions: [RegressionFinding] = []
        public init(logSampleRate: Double = 1, maxTraces: Int = 200, regressions: [RegressionFinding] = []) {
            self.logSampleRate = logSampleRate; self.maxTraces = maxTraces; self.regressions = regressions
        }
    }

    /// The file names written, in writing order.
    public static let fileNames = ["summary.json", "summary.md", "junit.xml", "logs.ndjson", "trace.json", "timeseries.csv", "report.html"]

    /// The contents of every report file, by name (no I/O; what ``write(artifacts:to:options:)`` writes).
    public static func render(_ artifacts: RunArtifacts, options: Options = Options()) throws -> [(name: String, data: Data)] {
        let s = artifacts.summary
        let junit = JUnitReport(suites: [JUnitReport.suite(scenario: s.scenario.name, budgets: s.budgets, invariants: s.invariants,
                                                           regressions: options.regressions)])
        return [
            ("summary.json", try SummaryJSON.encode(s)),
            ("summary.md", Data(SummaryMarkdown.markdown(s, regressions: options.regressions, timeSeries: artifacts.timeSeries).utf8)),
            ("junit.xml", Data(junit.xml().utf8)),
            ("logs.ndjson", Data(ECSLogWriter.ndjsonBytes(artifacts.logEvents, sampleRate: options.logSampleRate))),
            ("trace.json", Data(ChromeTraceWriter.json(artifacts.traceSpans, maxTraces: options.maxTraces).utf8)),
            ("timeseries.csv", Data(TimeSeriesCSV.csv(artifacts.timeSeries).utf8)),
            ("report.html", Data(HTMLReport.html(artifacts, regressions: options.regressions).utf8)),
        ]
    }

    /// Renders and writes the report directory `directory` atomically (see the type's docs).
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails; the old report then stays.
    public static func write(artifacts: RunArtifacts, to directory: String, options: Options = Options()) throws {
        let files = try render(artifacts, options: options)
        try writeDirectory(files, to: directory)
    }

    /// Writes `files` as the whole contents of `directory`, atomically.
    public static func writeDirectory(_ files: [(name: String, data: Data)], to directory: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: directory).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        let pid = ProcessInfo.processInfo.processIdentifier
        let staging = parent.appendingPathComponent(".\(name).partial-\(pid)")
        let previous = parent.appendingPathComponent(".\(name).previous-\(pid)")
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            if fm.fileExists(atPath: staging.path) { try fm.removeItem(at: staging) }
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            for file in files {
                try file.data.write(to: staging.appendingPathComponent(file.name))
            }
        } catch {
            try? fm.removeItem(at: staging)
            throw ReportError.io("cannot write report into \(staging.path): \(error)")
        }
        let hadPrevious = fm.fileExists(atPath: target.path)
        do {
            if hadPrevious {
                if fm.fileExists(atPath: previous.path) { try fm.removeItem(at: previous) }
                try fm.moveItem(at: target, to: previous)
            }
            try fm.moveItem(at: staging, to: target)
        } catch {
            if hadPrevious, !fm.fileExists(atPath: target.path) { try? fm.moveItem(at: previous, to: target) }
            try? fm.removeItem(at: staging)
            throw ReportError.io("cannot move report into \(target.path): \(error)")
        }
        if hadPrevious { try? fm.removeItem(at: previous) }
    }

    /// Writes one file atomically (temporary file in the same directory, then rename).
    public static func writeFile(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url, options: .atomic)
        } catch {
            throw ReportError.io("cannot write \(path): \(error)")
        }
    }
}
