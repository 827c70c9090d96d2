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
    /// ``write(artifacts:to:options:)`` writes, all held at once: for tests and small runs).
    public static func render(_ artifacts: RunArtifacts, options: Options = Options()) throws -> [(name: String, data: Data)] {
        try fileNames.map { ($0, try renderFile($0, artifacts, options: options)) }
    }

    /// The contents of one report file, `name` one of ``fileNames``.
    /// - Throws: ``ReportError/io(_:)`` for an unknown name; the JSON encoder's error for `summary.json`.
    public static func renderFile(_ name: String, _ artifacts: RunArtifacts, options: Options = Options()) throws -> Data {
        var data = Data()
        try renderFile(name, artifacts, options: options, chunkBytes: .max) { data.append($0.bindMemory(to: UInt8.self)) }
        return data
    }

    /// Bytes per piece handed to the file when streaming `logs.ndjson` and `timeseries.csv` (1 MiB).
    public static let streamChunkBytes = 1 << 20

    /// Renders report file `name` (one of ``fileNames``) into `write`, the large files
    /// (`logs.ndjson`, `timeseries.csv`) in pieces of about `chunkBytes`, the others whole. The
    /// pieces concatenated are ``renderFile(_:_:options:)``'s bytes.
    /// - Throws: ``ReportError/io(_:)`` for an unknown name; the JSON encoder's error; what `write` throws.
    public static func renderFile(_ name: String, _ artifacts: RunArtifacts, options: Options = Options(), chunkBytes: Int,
                                  _ write: (UnsafeRawBufferPointer) throws -> Void) throws {
        let s = artifacts.summary
        // A String's UTF-8 is written from its own storage: no copy into `Data` first.
        func text(_ string: String) throws {
            var string = string
            try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
        }
        switch name {
        case "summary.json": try SummaryJSON.encode(s).withUnsafeBytes(write)
        case "summary.md": try text(SummaryMarkdown.markdown(s, regressions: options.regressions, timeSeries: artifacts.timeSeries))
        case "junit.xml":
            let junit = JUnitReport(suites: [JUnitReport.suite(scenario: s.scenario.name, budgets: s.budgets, invariants: s.invariants,
                                                               regressions: options.regressions)])
            try text(junit.xml())
        case "logs.ndjson": try ECSLogWriter.writeNDJSON(artifacts.logEvents, sampleRate: options.logSampleRate, chunkBytes: chunkBytes, write)
        case "trace.json": try text(ChromeTraceWriter.json(artifacts.traceSpans, maxTraces: options.maxTraces))
        case "timeseries.csv": try TimeSeriesCSV.writeCSV(artifacts.timeSeries, chunkBytes: chunkBytes, write)
        case "report.html": try text(HTMLReport.html(artifacts, regressions: options.regressions))
        default: throw ReportError.io("no report file named \(name) (known: \(fileNames.joined(separator: ", ")))")
        }
    }

    /// Renders and writes the report directory `directory` atomically (see the type's docs).
    /// Files are rendered and written one at a time, and the two large ones (`logs.ndjson`,
    /// `timeseries.csv`, ~40 MB each at 30 simulated minutes) streamed to their file in pieces of
    /// ``streamChunkBytes``: at most one small file or one piece is in memory besides the
    /// artifacts (holding whole files set a long run's peak memory, docs/performance.md rounds 5, 8).
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails; the old report then stays.
    public static func write(artifacts: RunArtifacts, to directory: String, options: Options = Options()) throws {
        try writeDirectory(to: directory, streaming: { create in
            for name in fileNames {
                try create(name) { write in try renderFile(name, artifacts, options: options, chunkBytes: streamChunkBytes, write) }
            }
        })
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
        try writeDirectory(to: directory, streaming: { create in
            // `create` is only called while `produce` runs (non-escaping in fact).
            try withoutActuallyEscaping(create) { create in
                try produce { name, data in try create(name) { write in try data.withUnsafeBytes(write) } }
            }
        })
    }

    /// Writes the files `produce` creates as the whole contents of `directory`, atomically: into a
    /// sibling staging folder, then swapped in by rename. `create(name, body)` opens file `name`
    /// in the staging folder and hands `body` a `write` that appends bytes to it, so a file can be
    /// written in pieces and never held whole.
    /// - Throws: ``ReportError/io(_:)`` when a file or rename fails, or `produce`'s own error;
    ///   the old report then stays and the staging folder is removed.
    public static func writeDirectory(to directory: String,
                                      streaming produce: (_ create: (String, (_ write: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws -> Void) throws -> Void) throws {
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
            try produce { file, body in
                let output = try ReportFileOutput(path: staging.appendingPathComponent(file).path)
                defer { output.close() }
                try body { try output.write($0) }
                try output.finish()
            }
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
