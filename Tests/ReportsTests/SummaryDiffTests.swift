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
}
