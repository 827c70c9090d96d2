import Foundation
import Telemetry

/// A committed baseline, `reports/baseline/<scenario>.json`: per tracked metric, one value per
/// replication seed, so a later check can test significance (DESIGN §1 "CI pipelines").
///
/// ```json
/// { "schemaVersion": 1, "scenario": "premiere-on-sale", "seeds": [42, 7731…],
///   "metrics": [ { "name": "POST /api/compras p99_ms", "values": [412.0, 398.5, 430.1] } ] }
/// ```
/// A plain `summary.json` is accepted as a one-replication baseline.
///
/// The run's shape is recorded too (`scenarioFileHash`, `overrides`, `durationSeconds`), because
/// latency and availability of a 2m30s run are not comparable with a 4m run's: a check whose
/// replications have another shape refuses to compare (``shapeMismatch(with:)``, exit 2). Files
/// written before the shape was recorded lack the three keys; they are still compared, with a
/// warning in the check's baseline note.
public struct Baseline: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var scenario: String
    public var seeds: [UInt64]
    /// FNV-1a 64 of the scenario file and the files it extends (``ScenarioIdentity/fileHash``).
    public var scenarioFileHash: String?
    /// The effective `--set` / `--duration` overrides of the baseline runs, in order, without the
    /// per-replication `seed=` entries (seeds are meant to differ).
    public var overrides: [String]?
    /// Simulated duration of each baseline run (after overrides).
    public var durationSeconds: Double?
    /// Sorted by name.
    public var metrics: [BaselineMetric]

    public init(scenario: String, seeds: [UInt64], metrics: [BaselineMetric], scenarioFileHash: String? = nil,
                overrides: [String]? = nil, durationSeconds: Double? = nil) {
        self.schemaVersion = Baseline.currentSchemaVersion; self.scenario = scenario; self.seeds = seeds
        self.metrics = metrics.sorted { $0.name < $1.name }
        self.scenarioFileHash = scenarioFileHash; self.overrides = overrides; self.durationSeconds = durationSeconds
    }

    /// The shape-defining overrides of a run: its recorded overrides without `seed=` entries.
    public static func shapeOverrides(_ summary: RunSummary) -> [String] {
        summary.replay.overrides.filter { !$0.hasPrefix("seed=") }
    }

    /// Why `summary` (a current replication) cannot be compared with this baseline, naming both
    /// sides, or nil when the recorded shape matches (keys the baseline lacks are not compared).
    public func shapeMismatch(with summary: RunSummary) -> String? {
        var differences: [String] = []
        if let hash = scenarioFileHash, hash != summary.scenario.fileHash {
            differences.append("scenario file hash: baseline \(hash), current \(summary.scenario.fileHash) (the scenario or a file it extends changed)")
        }
        let current = Self.shapeOverrides(summary)
        if let recorded = overrides, recorded != current {
            func list(_ o: [String]) -> String { o.isEmpty ? "none" : o.joined(separator: " ") }
            differences.append("overrides: baseline \(list(recorded)), current \(list(current))")
        }
        if let seconds = durationSeconds, seconds != summary.window.durationSeconds {
            differences.append("duration: baseline \(JSONText.number(seconds)) s, current \(JSONText.number(summary.window.durationSeconds)) s")
        }
        return differences.isEmpty ? nil : differences.joined(separator: "; ")
    }

    /// Whether the file records the run's shape (written by a cinesim that records it).
    public var recordsShape: Bool { scenarioFileHash != nil && overrides != nil && durationSeconds != nil }

    /// The baseline of replications `summaries` (same scenario, different seeds).
    public init(summaries: [RunSummary]) {
        precondition(!summaries.isEmpty)
        var byName: [String: [Double]] = [:]
        var order: [String] = []
        for s in summaries {
            for m in RegressionMetrics.extract(s) {
                if byName[m.name] == nil { order.append(m.name) }
                byName[m.name, default: []].append(m.value)
            }
        }
        self.init(scenario: summaries[0].scenario.name, seeds: summaries.map(\.replay.seed),
                  metrics: order.map { BaselineMetric(name: $0, values: byName[$0]!) },
                  scenarioFileHash: summaries[0].scenario.fileHash, overrides: Self.shapeOverrides(summaries[0]),
                  durationSeconds: summaries[0].window.durationSeconds)
    }

    /// Values of `name`, if tracked.
    public func values(_ name: String) -> [Double]? { metrics.first { $0.name == name }?.values }

    /// `<directory>/<scenario>.json`, with characters outside `[A-Za-z0-9._-]` replaced by `_`.
    public static func path(directory: String, scenario: String) -> String {
        let safe = String(scenario.map { c in c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "-" || c == "_") ? c : "_" })
        return (directory as NSString).appendingPathComponent(safe + ".json")
    }

    /// Reads a baseline file, or a `summary.json` as a one-replication baseline.
    /// - Throws: ``ReportError/invalidInput(_:)`` for unreadable, malformed or newer-schema files.
    public static func load(path: String) throws -> Baseline {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError.invalidInput("cannot read baseline \(path)") }
        let decoder = JSONDecoder()
        if let b = try? decoder.decode(Baseline.self, from: data) {
            guard b.schemaVersion <= currentSchemaVersion else {
                throw ReportError.invalidInput("\(path): baseline schema \(b.schemaVersion) is newer than this cinesim (\(currentSchemaVersion))")
            }
            return b
        }
        let summary = try SummaryJSON.decode(data, source: path)
        return Baseline(summaries: [summary])
    }

    /// Pretty, sorted-key JSON with a trailing newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

/// One tracked metric's per-seed values.
public struct BaselineMetric: Codable, Sendable, Equatable {
    public var name: String
    public var values: [Double]
    public init(name: String, values: [Double]) { self.name = name; self.values = values }
}

/// Errors of the report layer; `invalidInput` maps to exit code 2.
public enum ReportError: Error, Equatable, CustomStringConvertible {
    case invalidInput(String)
    case io(String)
    public var description: String {
        switch self {
        case .invalidInput(let m): return m
        case .io(let m): return m
        }
    }
}
