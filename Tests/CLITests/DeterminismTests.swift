import Foundation
import Testing

/// End-to-end checks of the `cinesim` executable in separate processes (DESIGN §2: same binary,
/// same seed ⇒ byte-identical output in any process; §10: exit codes).
@Suite(.serialized) struct DeterminismTests {
    @Test func sameSeedSameBytesAcrossProcessesDifferentSeedDiffers() async throws {
        async let first = Task.detached { try CinesimBinary.run(["verify", "--seed", "5", "--scale", "small"]) }.value
        async let second = Task.detached { try CinesimBinary.run(["verify", "--seed", "5", "--scale", "small"]) }.value
        let (a, b) = try await (first, second)
        let c = try CinesimBinary.run(["verify", "--seed", "6", "--scale", "small"])
        #expect(!a.standardOutput.isEmpty)
        #expect([0, 1].contains(a.exitCode), "verify exits 0 (pass) or 1 (a check failed): \(a.standardError)")
        #expect(a.exitCode == b.exitCode)
        #expect(a.standardOutput == b.standardOutput, "two processes with seed 5 printed different bytes")
        #expect(a.standardOutput != c.standardOutput, "seed 6 printed the same bytes as seed 5")
        let text = String(decoding: a.standardOutput, as: UTF8.self)
        #expect(text.contains("cinesim verify: seed 5, scale small"))
        #expect(text.contains("Jackson G→S→D"))
    }

    @Test func usageErrorsExitTwo() throws {
        let bogus = try CinesimBinary.run(["--bogus"])
        #expect(bogus.exitCode == 2)
        #expect(bogus.standardError.contains("--bogus"))
        let badScale = try CinesimBinary.run(["verify", "--scale", "huge"])
        #expect(badScale.exitCode == 2)
        #expect(badScale.standardError.contains("huge"))
    }

    @Test func helpAndVersionExitZero() throws {
        let help = try CinesimBinary.run(["verify", "--help"])
        #expect(help.exitCode == 0)
        #expect(String(decoding: help.standardOutput, as: UTF8.self).contains("--seed"))
        let version = try CinesimBinary.run(["--version"])
        #expect(version.exitCode == 0)
        #expect(!version.standardOutput.isEmpty)
    }
}
