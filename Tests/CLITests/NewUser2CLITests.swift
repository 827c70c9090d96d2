import Foundation
import Testing

/// End-to-end checks of the second new user's report: `check` over several files reports every
/// file, fault scenarios run short under `--duration`, `describe --set --format text`, the replay
/// command keeps `--out`.
@Suite(.serialized) struct NewUser2CLITests {
    /// A small scenario: 30 s at 10 requests/s, with a crash at 20 s.
    static let tiny = """
    name: tiny-check
    duration: 30s
    workload:
      stages:
        - {duration: 30s, target: 10/s}
    faults:
      - {kind: instance-crash, target: compra-command-2, at: 20s}
    """

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-nu2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func checkReportsEveryFileWhenOneIsInvalid() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = folder.appendingPathComponent("bad.yaml"), good = folder.appendingPathComponent("good.yaml")
        try "name: bad\ndurration: 30s\n".write(to: bad, atomically: true, encoding: .utf8)
        try Self.tiny.write(to: good, atomically: true, encoding: .utf8)
        let junit = folder.appendingPathComponent("j.xml").path
        let run = try CinesimBinary.run(["check", bad.path, good.path, "--replications", "1", "--duration", "15s",
                                         "--baseline", folder.appendingPathComponent("baseline").path, "--junit", junit])
        let out = String(decoding: run.standardOutput, as: UTF8.self)
        #expect(run.exitCode == 2)
        // The invalid file is reported, and the file after it still ran (its crash at 20s is left out).
        #expect(out.contains("█ bad (\(bad.path))") && out.contains("✗ error: \(bad.path):2:1: unknown key 'durration'"))
        #expect(out.contains("█ tiny-check (\(good.path)) · 1 seed(s)"))
        #expect(run.standardError.contains("unknown key 'durration'"))
        let xml = try String(contentsOfFile: junit, encoding: .utf8)
        #expect(xml.contains("<testsuite name=\"bad\"") && xml.contains("<testsuite name=\"tiny-check\"") && xml.contains("<error message="))
        #expect(xml.contains("errors=\"1\""))
    }

    @Test func shortenedFaultRunWarnsAndKeepsOutInTheReplayCommand() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.yaml")
        try Self.tiny.write(to: file, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out").path
        let run = try CinesimBinary.run(["run", file.path, "--duration", "15s", "--out", out])
        let text = String(decoding: run.standardOutput, as: UTF8.self)
        #expect(run.exitCode == 0, "\(run.standardError)")
        #expect(text.contains("warning: fault instance-crash on compra-command-2 at 20s never starts in this run (it ends at 15s): left out"))
        #expect(text.contains("reproduce: cinesim run \(file.path) --set duration=15s --out \(out)"))
        // The file setting both is still a located error.
        try Self.tiny.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 15s\nworkload").write(to: file, atomically: true, encoding: .utf8)
        let located = try CinesimBinary.run(["run", file.path, "--out", out])
        #expect(located.exitCode == 2 && located.standardError.contains("fault starts at 20s, after the run ends (15s)"))
    }

    @Test func describeShowsTheEffectiveScenario() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.yaml")
        try Self.tiny.write(to: file, atomically: true, encoding: .utf8)
        let text = String(decoding: try CinesimBinary.run(["describe", file.path, "--format", "text", "--set", "faults.0.at=10s"]).standardOutput, as: UTF8.self)
        #expect(text.contains("faults:\n  instance-crash on compra-command-2 at 10s to the end"))
        // Services default to 2 instances over three zones: compra-command-2 is in zone-b.
        #expect(text.contains("zone-b (") && text.components(separatedBy: "\n").first { $0.hasPrefix("  zone-b") }?.contains("compra-command-2") == true)
        let mermaid = String(decoding: try CinesimBinary.run(["describe", file.path]).standardOutput, as: UTF8.self)
        #expect(mermaid.contains("%% zone zone-a: ") && mermaid.contains("%% fault instance-crash on compra-command-2 at 20s to the end"))
    }
}
