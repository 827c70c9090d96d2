import Testing
import SimulationPrimitives
@testable import Resilience

/// Turbine keeps one object per instance of a command and combines them in instance-name order
/// (Turbine 2.x sums per instance; the order shows in AggregateString's first-seen counts):
/// whatever order the instances report in, and however often each one reports, the cluster
/// object is the one built from each instance's latest object taken in name order.
@Suite struct TurbineMemberOrderTests {
    static func object(requests: Int64, state: String) -> HystrixStreamObject {
        HystrixStreamObject(fields: [
            ("type", .string("HystrixCommand")), ("name", .string("funcion-query")),
            ("requestCount", .integer(requests)), ("state", .string(state)),
        ])
    }

    @Test func instancesCombineInNameOrderWithTheirLatestObjects() {
        var turbine = TurbineAggregator()
        // c, a, b report; then a and c report again with new values.
        turbine.receive(instance: "svc-c", Self.object(requests: 1, state: "x"))
        turbine.receive(instance: "svc-a", Self.object(requests: 2, state: "y"))
        turbine.receive(instance: "svc-b", Self.object(requests: 4, state: "x"))
        turbine.receive(instance: "svc-a", Self.object(requests: 8, state: "z"))
        turbine.receive(instance: "svc-c", Self.object(requests: 16, state: "x"))
        let cluster = turbine.aggregate(type: "HystrixCommand", name: "funcion-query")!
        // Latest objects: a = 8 "z", b = 4 "x", c = 16 "x"; summed, and the strings counted in
        // a, b, c order: "z" first seen, then "x".
        #expect(cluster["requestCount"] == .integer(28))
        #expect(cluster["state"] == .map([HystrixStreamEntry(key: "z", value: 1), HystrixStreamEntry(key: "x", value: 2)]))
    }

    @Test func anyReportingOrderGivesTheSameClusterAsSortedOrder() {
        var random = RandomStream(rootSeed: 7, component: "turbine-order")
        let instances = (0..<12).map { "node-\($0)" }
        for _ in 0..<40 {
            var turbine = TurbineAggregator()
            var latest: [String: HystrixStreamObject] = [:]
            for _ in 0..<30 {
                let instance = instances[random.nextInt(below: instances.count)]
                let object = Self.object(requests: Int64(random.nextInt(below: 100)), state: ["open", "closed", "half"][random.nextInt(below: 3)])
                turbine.receive(instance: instance, object)
                latest[instance] = object
            }
            var reference = TurbineAggregator()
            for instance in latest.keys.sorted() { reference.receive(instance: instance, latest[instance]!) }
            #expect(turbine.aggregate(type: "HystrixCommand", name: "funcion-query") == reference.aggregate(type: "HystrixCommand", name: "funcion-query"))
        }
    }
}
