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

    /// The contents of every report file, by name (no I/O; the same bytes
    /// ``write(artifacts:to:options:)`` writes, all held at once).
    public static func render(_ artifacts: RunArtifacts, options: Options = Options()) throws -> [(name: String, data: Data)] {
        try fileNames.map { ($0, try renderFile($0, artifacts, options: options)) }
    }

    /// The contents of one report file, `name` one of ``fileNames``.
    /// - Throws: ``ReportError/io(_:)`` for an unknown name; the JSON encoder's error for `summary.json`.
    public static func renderFile(_ name: String, _ artifacts: RunArtifacts, options: Options = Options()) throws -> Data {
        let s = artifacts.summary
        switch name {
        case "summary.json": return try SummaryJSON.encode(s)
        case "summary.md": return Data(SummaryMarkdown.markdown(s, regressions: options.regressions, timeSeries: artifacts.timeSeries).utf8)
        case "junit.xml":
            let junit = JUnitReport(suites: [JUnitReport.suite(scenario: s.scenario.name, budgets: s.budgets, invariants: s.invariants,
                                                               regressions: options.regressions)])
            return Data(junit.xml().utf8)
        case "logs.ndjson": return Data(ECSLogWriter.ndjsonBytes(artifacts.logEvents, sampleRate: options.logSampleRate))
        case "trace.json": return Data(ChromeTraceWriter.json(artifacts.traceSpans, maxTraces: options.maxTraces).utf8)
        case "timeseries.csv": return Data(TimeSeriesCSV.csvBytes(artifacts.timeSeries))
        case "report.html": return Data(HTMLReport.html(artifacts, regressions: options.regressions).utf8)
        default: throw ReportError.io("no report file named \(name) (known: \(fileNames.joined(separator: ", ")))")
        }
    }

    /// Renders and writes the report directory `directory` atomically (see the type's docs).
    /// Files are rendered and written one at a time, so at most one file's bytes are in memory
    /// (a 30-min run's `logs.ndjson` and `timeseries.csv` are ~40 MB each: holding all seven at
    /// once set the run's peak memory, docs/performance.md round 5).
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails; the old report then stays.
    public static func write(artifacts: RunArtifacts, to directory: String, options: Options = Options()) throws {
        try writeDirectory(to: directory) { save in
            for name in fileNames { try save(name, try renderFile(name, artifacts, options: options)) }
        }
    }

    /// Writes `files` as the whole contents of `directory`, atomically.
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails; the old report then stays.
    public static func writeDirectory(_ files: [(name: String, data: Data)], to directory: String) throws {
        try writeDirectory(to: directory) { save in
            for file in files { try save(file.name, file.data) }
        }
    }

    /// Writes the files `produce` hands to `save(name, data)` as the whole contents of
    /// `directory`, atomically: into a sibling staging folder, then swapped in by rename.
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails, or `produce`'s own error;
    ///   the old report then stays and the staging folder is removed.
    public static func writeDirectory(to directory: String, _ produce: (_ save: (String, Data) throws -> Void) throws -> Void) throws {
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
            try produce { file, data in try data.write(to: staging.appendingPathComponent(file)) }
        } catch let error as ReportError {
            try? fm.removeItem(at: staging)
            throw error
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
