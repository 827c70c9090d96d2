import Foundation
import Telemetry

/// Writes run outputs atomically (DESIGN §6): each file is written to a temporary name in the
/// target folder and renamed over the final name, so a failed run never leaves a half-written
/// report over a good one.
public enum SummaryFiles {
    /// `summary.json` bytes: sorted keys, pretty printed, trailing newline — stable for diffs.
    public static func encode(_ summary: RunSummary) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(summary)
        data.append(0x0A)
        return data
    }

    /// The summary without its `engine` block (the part that must be identical between identical runs).
    public static func deterministicPart(_ summary: RunSummary) throws -> Data {
        var copy = summary
        copy.engine = EngineStats(wallSeconds: 0, events: 0, eventsPerSecond: 0, simulatedRequestsPerSecond: 0, simulatedToRealRatio: 0)
        return try encode(copy)
    }

    /// The run folder `<root>/<scenario>/<run-id>`; the run id is `s<seed>-<8 hex>` of the scenario
    /// file hash, overrides and seed, so reruns of one recipe replace their own folder.
    public static func runFolder(root: String, summary: RunSummary) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let key = summary.scenario.fileHash + "|" + summary.replay.overrides.joined(separator: "\u{1F}") + "|\(summary.replay.seed)"
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let hex = String(hash >> 32, radix: 16)
        return root + "/" + summary.scenario.name + "/s\(summary.replay.seed)-" + String(repeating: "0", count: 8 - hex.count) + hex
    }

    /// Writes `data` to `path` atomically (temp file in the same folder + rename), creating folders.
    public static func writeAtomically(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        try data.write(to: temporary)
        if rename(temporary.path, url.path) != 0 {
            try? FileManager.default.removeItem(at: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }
}
