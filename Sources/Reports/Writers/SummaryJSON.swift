import Foundation
import Telemetry

/// `summary.json` (schema v1, ``RunSummary``): pretty-printed, keys sorted, slashes unescaped,
/// trailing newline, so the same run always encodes to the same bytes (DESIGN §2).
public enum SummaryJSON {
    public static func encode(_ summary: RunSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(summary)
        data.append(0x0A)
        return data
    }

    /// Decodes a summary, rejecting schema versions newer than this build knows.
    /// - Throws: ``ReportError/invalidInput(_:)`` naming `source`.
    public static func decode(_ data: Data, source: String) throws -> RunSummary {
        struct Version: Decodable { var schemaVersion: Int }
        guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
            throw ReportError.invalidInput("\(source): not a cinesim summary.json (no schemaVersion)")
        }
        guard version.schemaVersion <= RunSummary.currentSchemaVersion else {
            throw ReportError.invalidInput("\(source): summary schema \(version.schemaVersion) is newer than this cinesim (\(RunSummary.currentSchemaVersion))")
        }
        do { return try JSONDecoder().decode(RunSummary.self, from: data) } catch {
            throw ReportError.invalidInput("\(source): malformed summary.json: \(error)")
        }
    }

    /// Reads and decodes `path`.
    public static func load(path: String) throws -> RunSummary {
        guard let data = FileManager.default.contents(atPath: path) else { throw ReportError.invalidInput("cannot read \(path)") }
        return try decode(data, source: path)
    }
}
