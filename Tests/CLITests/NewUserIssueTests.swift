import Foundation
import Testing

/// End-to-end checks of what a new user reported (issue 7): error hints, `--seed -1`, help text,
/// KQL errors in `cinesim logs`. Each runs the built binary; none runs a simulation.
@Suite(.serialized) struct NewUserIssueTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var scenario: String { repository.appendingPathComponent("scenarios/premiere-on-sale.yaml").path }

    @Test func negativeSeedSaysWhatASeedIs() throws {
        let run = try CinesimBinary.run(["run", Self.scenario, "--seed", "-1"])
        #expect(run.exitCode == 2)
        #expect(run.standardError.contains("a seed cannot be negative; use a whole number 0…18446744073709551615"))
        #expect(!run.standardError.contains("Missing value"))
    }

    @Test func durationHintsAreBuiltFromTheInput() throws {
        let words = try CinesimBinary.run(["validate", Self.scenario, "--set", "duration=4 minutes"])
        #expect(words.exitCode == 2)
        #expect(words.standardError.contains("(write '4m': a number directly followed by one of units ns, us, ms, s, m, h, d)"))
        #expect(!words.standardError.contains("minutesms"))
        #expect(words.standardError.filter { $0 == "(" }.count == 1)   // one hint, not two stacked
        let bare = try CinesimBinary.run(["run", Self.scenario, "--duration", "90", "--out", FileManager.default.temporaryDirectory.path])
        #expect(bare.exitCode == 2)
        #expect(bare.standardError.contains("'90s' for seconds or '90ms' for milliseconds"))
    }

    @Test func verifyHelpIsReflowedNotHardWrapped() throws {
        let help = String(decoding: try CinesimBinary.run(["verify", "--help"]).standardOutput, as: UTF8.self)
        // argument-parser wraps the discussion to the width itself; the source's own line breaks
        // used to leave short ragged lines ("…Jackson network,\nand compares…" at 100 columns).
        let discussion = help.components(separatedBy: "\n\n")[1]
        let lines = discussion.split(separator: "\n")
        #expect(lines.count >= 3 && lines.dropLast().allSatisfy { $0.count >= 60 }, "\(discussion)")
    }

    @Test func logsRejectsUnsupportedQueriesWithExitTwo() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-logs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let docs = [
            #"{"service.name":"compra-command","http.response.status_code":409,"event.duration":2000000}"#,
            #"{"service.name":"gateway","http.response.status_code":503,"event.duration":150000000}"#,
            #"{"service.name":"gateway","http.response.status_code":200,"event.duration":1000000}"#,
        ]
        try (docs.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("logs.ndjson"), atomically: true, encoding: .utf8)
        func count(_ query: String) throws -> (Int32, String, String) {
            let r = try CinesimBinary.run(["logs", folder.path, "--query", query])
            return (r.exitCode, String(decoding: r.standardOutput, as: UTF8.self), r.standardError)
        }
        #expect(try count("http.response.status_code:409 OR http.response.status_code:503").1.hasPrefix("2 of 3 events match"))
        #expect(try count("http.response.status_code >= 500 or event.duration < 1.5ms").1.hasPrefix("2 of 3 events match"))
        #expect(try count("event.duration>100ms").1.hasPrefix("1 of 3 events match"))
        for bad in ["A OR B", "http.response.status_code:>=500", "servce.name:gateway", "(service.name:gateway"] {
            let (code, _, error) = try count(bad)
            #expect(code == 2, "\(bad)")
            #expect(error.hasPrefix("cinesim logs: "), "\(bad): \(error)")
        }
    }
}
