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
public struct Baseline: Codable, Sendable, Equatable {
    public static let currentSchemaVersion = 1
    public var schemaVersion: Int
    public var scenario: String
    public var seeds: [UInt64]
    /// Sorted by name.
    public var metrics: [BaselineMetric]

    public init(scenario: String, seeds: [UInt64], metrics: [BaselineMetric]) {
        self.schemaVersion = Baseline.currentSchemaVersion; self.scenario = scenario; self.seeds = seeds
        self.metrics = metrics.sorted { $0.name < $1.name }
    }

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
                  metrics: order.map { BaselineMetric(name: $0, values: byName[$0]!) })
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
