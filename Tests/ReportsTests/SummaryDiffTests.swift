import Foundation
import Testing
import Telemetry
@testable import Reports

@Suite struct SummaryDiffTests {
    @Test func comparesTrackedNumbersWithDirection() throws {
        let a = ReportFixtures.summary(seed: 1, purchaseP99: 400), b = ReportFixtures.summary(seed: 2, purchaseP99: 500)
        let diff = SummaryDiff.compare(a, b, nameA: "a.json", nameB: "b.json")
        let row = try #require(diff.rows.first { $0.metric == "POST /api/compras p99_ms" })
        #expect(row.a == 400 && row.b == 500 && row.delta == 100 && row.deltaPercent == 25 && row.assessment == "worse")
        #expect(diff.rows.first { $0.metric == "seats sold" }?.assessment == "same")
        let table = diff.table(onlyChanged: true)
        #expect(table.contains("POST /api/compras p99_ms") && !table.contains("seats sold "))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(diff.json.utf8)) as? [String: Any])
        #expect((json["rows"] as? [[String: Any]])?.count == diff.rows.count)
    }

    @Test func regressionsAreRowsWorseBeyondTheBand() {
        // p99 400 → 500 ms: +100 ms > max(10 % × 400, 1 ms) = 40 ms → a regression.
        let a = ReportFixtures.summary(seed: 1, purchaseP99: 400)
        let worse = SummaryDiff.compare(a, ReportFixtures.summary(seed: 2, purchaseP99: 500), nameA: "a", nameB: "b")
        #expect(worse.regressions().map(\.metric) == ["POST /api/compras p99_ms"])
        // 400 → 440 ms is exactly the band (not beyond it); 400 → 300 ms is better.
        #expect(SummaryDiff.compare(a, ReportFixtures.summary(seed: 2, purchaseP99: 440), nameA: "a", nameB: "b").regressions().isEmpty)
        #expect(SummaryDiff.compare(a, ReportFixtures.summary(seed: 2, purchaseP99: 300), nameA: "a", nameB: "b").regressions().isEmpty)
        // Below the minimum sample size (fixture routes have 1000 requests) the row is not judged.
        var policy = RegressionPolicy(); policy.minimumRequests = 1001
        #expect(worse.regressions(policy: policy).isEmpty)
        // Request counts are listed once (`count`), not twice.
        #expect(!worse.rows.contains { $0.metric.hasSuffix(" requests") })
    }
}
