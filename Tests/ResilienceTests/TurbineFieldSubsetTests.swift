import Testing
import SimulationPrimitives
@testable import Resilience

/// Turbine aggregation of a subset of fields (what the platform's per-bucket cluster view reads)
/// equals the full aggregation restricted to those fields, whatever each instance's field order.
@Suite struct TurbineFieldSubsetTests {
    static func object(requests: Int64, errors: Int64, open: Bool, reversed: Bool = false) -> HystrixStreamObject {
        var fields: [(name: String, value: HystrixStreamValue)] = [
            ("type", .string("HystrixCommand")), ("name", .string("compra-command")),
            ("isCircuitBreakerOpen", .bool(open)), ("errorCount", .integer(errors)), ("requestCount", .integer(requests)),
            ("reportingHosts", .integer(1)),
        ]
        // Type and name first (receive reads them); the rest in another order for one instance.
        if reversed { fields = Array(fields[0..<2]) + fields[2...].reversed() }
        return HystrixStreamObject(fields: fields)
    }

    @Test func subsetEqualsTheFullAggregateRestricted() {
        var turbine = TurbineAggregator()
        turbine.receive(instance: "gw-1", Self.object(requests: 10, errors: 1, open: false))
        turbine.receive(instance: "gw-2", Self.object(requests: 20, errors: 4, open: true, reversed: true))
        turbine.receive(instance: "gw-3", Self.object(requests: 5, errors: 0, open: false))
        let wanted = ["requestCount", "errorCount", "reportingHosts"]
        let full = turbine.aggregate(type: "HystrixCommand", name: "compra-command")!
        let subset = turbine.aggregate(type: "HystrixCommand", name: "compra-command", fields: wanted)!
        // Closed forms: sums over the three instances.
        #expect(subset == HystrixStreamObject(fields: [("errorCount", .integer(5)), ("requestCount", .integer(35)), ("reportingHosts", .integer(3))]))
        #expect(subset == HystrixStreamObject(fields: full.fields.filter { wanted.contains($0.name) }))
        #expect(full["isCircuitBreakerOpen"] == .map([HystrixStreamEntry(key: "false", value: 2), HystrixStreamEntry(key: "true", value: 1)]))
    }
}
