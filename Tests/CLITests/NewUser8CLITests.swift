import Foundation
import Testing

/// End-to-end checks of the round-8 new user's report: an unwritable `--out` is a usage error found
/// before the simulation runs; a budget whose target had no requests after the warm-up is skipped,
/// not failed as an unknown route.
@Suite(.serialized) struct NewUser8CLITests {
    /// 30 s at 10 requests/s with a whole-run budget on the purchase route.
    static let tiny = """
    name: tiny-out
    duration: 30s
    warmup: 29999ms
    workload:
      stages:
        - {duration: 30s, target: 10/s}
    budgets:
      "POST /api/compras": ["p(99)<800ms"]
    """

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-nu8-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func unwritableOutIsAUsageErrorBeforeTheRun() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.yaml")
        try Self.tiny.write(to: file, atomically: true, encoding: .utf8)
        // A plain file where the reports folder should be.
        let blocker = folder.appendingPathComponent("afile")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let onFile = try CinesimBinary.run(["run", file.path, "--out", blocker.path])
        #expect(onFile.exitCode == 2)
        #expect(onFile.standardError.contains("--out \(blocker.path): is a file, not a folder"), "\(onFile.standardError)")
        #expect(onFile.standardOutput.isEmpty, "nothing simulated or summarised")
        // A folder below that file cannot be created.
        let below = blocker.path + "/reports"
        let underFile = try CinesimBinary.run(["run", file.path, "--out", below])
        #expect(underFile.exitCode == 2)
        #expect(underFile.standardError.contains("--out \(below): cannot create the folder ("), "\(underFile.standardError)")
        #expect(!underFile.standardError.contains("NSCocoaErrorDomain"))
    }

    @Test func budgetOnARouteWithoutMeasuredRequestsIsSkipped() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("tiny.yaml")
        try Self.tiny.write(to: file, atomically: true, encoding: .utf8)
        let run = try CinesimBinary.run(["run", file.path, "--out", folder.appendingPathComponent("out").path])
        let text = String(decoding: run.standardOutput, as: UTF8.self)
        #expect(run.exitCode == 0, "\(text)\n\(run.standardError)")
        #expect(text.contains("skipped"), "\(text)")
        #expect(!text.contains("no route, service or journey named"), "\(text)")
    }
}
