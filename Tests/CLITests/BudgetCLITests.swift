import Foundation
import Testing

/// Issue 7 through the binary: an `abortOnFail` breach exits 1 with the ABORTED line and an
/// `aborted` block in summary.json; a window after the run's end is skipped (JUnit `<skipped/>`)
/// and the FAILED list names each budget with its window.
@Suite struct BudgetCLITests {
    static let scenario = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("scenarios/premiere-on-sale.yaml").path
    static let scaleDown = [
        "warmup=2s", "workload.start_rate=120/s", "workload.stages=[{duration: 15s, target: 120/s}]",
        "workload.flash_sale.opens_at=0s", "workload.think_time=\"exponential(mean: 300ms)\"",
        "catalog={cines: 2, salas_per_cine: 2, rows_per_sala: 5, seats_per_row: 8, peliculas: 4, funciones_per_sala: 2, clientes: 1000}",
    ].flatMap { ["--set", $0] }

    @Test func abortedRunExitsOneAndSaysWhenAndWhich() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-abort-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let budgets = "budgets={\"POST /api/compras\": [\"p(99)<1ms abortOnFail\", \"p(99)<1ms during 2s..5s\"], \"GET /api/funciones/{id}\": [\"p(95)<300ms during 4m..15m\"]}"
        let run = try CinesimBinary.run(["run", Self.scenario, "--duration", "6s", "--out", out.path] + Self.scaleDown + ["--set", budgets])
        let text = String(decoding: run.standardOutput, as: UTF8.self)
        #expect(run.exitCode == 1, "\(text)\n\(run.standardError)")
        #expect(text.contains("ABORTED at 3s by abortOnFail budget POST /api/compras: p(99)<1ms (observed "), "\(text)")
        #expect(text.contains("budgets: 0/3 pass, 1 skipped — FAILED: POST /api/compras: p(99)<1ms (observed "), "\(text)")
        #expect(text.contains("POST /api/compras: p(99)<1ms during 2s..5s (observed "), "\(text)")
        #expect(text.contains("budget GET /api/funciones/{id}: p(95)<300ms during 4m..15m skipped: window starts after the run's end (3s)"), "\(text)")
        #expect(run.standardError.isEmpty || !run.standardError.contains("error"))
        // The report is complete: summary.json with the abort, junit.xml with the skipped case.
        let runs = try FileManager.default.subpathsOfDirectory(atPath: out.path)
        let summaryPath = try #require(runs.first { $0.hasSuffix("summary.json") })
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent(summaryPath))) as! [String: Any]
        let aborted = try #require(summary["aborted"] as? [String: Any])
        #expect(aborted["atSeconds"] as? Double == 3)
        #expect((aborted["budget"] as? [String: Any])?["expression"] as? String == "p(99)<1ms")
        #expect((summary["window"] as? [String: Any])?["durationSeconds"] as? Double == 3)
        let junitPath = summaryPath.replacingOccurrences(of: "summary.json", with: "junit.xml")
        let junit = try String(contentsOf: out.appendingPathComponent(junitPath), encoding: .utf8)
        #expect(junit.contains("skipped=\"1\""))
        #expect(junit.contains("<skipped message=\"skipped: window starts after the run&apos;s end (3s)\"/>"))
        let markdown = try String(contentsOf: out.appendingPathComponent(summaryPath.replacingOccurrences(of: "summary.json", with: "summary.md")), encoding: .utf8)
        #expect(markdown.contains("**Aborted at 3 s** by `abortOnFail` budget `POST /api/compras: p(99)<1ms`"), "\(markdown)")
        #expect(markdown.contains("| ⏭️ | `GET /api/funciones/{id}` |"))
        let html = try String(contentsOf: out.appendingPathComponent(summaryPath.replacingOccurrences(of: "summary.json", with: "report.html")), encoding: .utf8)
        #expect(html.contains("data-card=\"aborted\""))
    }
}
