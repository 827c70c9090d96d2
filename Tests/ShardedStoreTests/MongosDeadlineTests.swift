import Testing
import PropertyBased
import SimulationPrimitives
@testable import ShardedStore

/// Mongos skips the walk over its requests when no request deadline was set since the last walk
/// found none (`timedDeadlinesHint`, performance round 7). Its `nextDeadline` must still equal the
/// full walk's answer (the monitors' deadlines, requests waiting for a routing table, sub-requests
/// selecting a member, sub-requests sent with a finite shard request timeout) between any two
/// calls: checked every 5 ms through random writes, reads and broadcasts while shard primaries
/// crash (refusing or black-holed), step down and restart, with and without a shard request
/// timeout.
@Suite struct MongosDeadlineTests {
    @Test func deadlineEqualsTheFullWalk() async {
        await propertyCheck(count: 6, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var settings = MongosSettings()
            if random.nextBool(probability: 0.5) { settings.shardRequestTimeout = .milliseconds(Int64(50 + random.nextInt(below: 400))) }
            var cluster = Fixtures.shardedCluster(shardCount: 3, membersPerShard: 3, tables: Fixtures.threeRangedChunks(), router: settings)
            var nextKey: Int64 = 1
            var crashed: [Int] = []
            var timedChecks = 0
            for step in 0..<1_200 {
                switch random.nextInt(below: 40) {
                case 0..<12:
                    nextKey += 1
                    cluster.submit(driver: 50, Fixtures.insertOrder(nextKey, key: Int64(random.nextInt(below: 300))))
                case 12..<16:
                    cluster.submit(driver: 50, Fixtures.findOrder(Int64(random.nextInt(below: Int(nextKey) + 1)), key: Int64(random.nextInt(below: 300))))
                case 16:
                    cluster.submit(driver: 50, .find(FindQuery(collection: Fixtures.orders, target: .broadcast, allowPartialResults: random.nextBool(probability: 0.5))))
                case 17 where crashed.isEmpty:
                    let node = Fixtures.memberNode(shard: random.nextInt(below: 3), member: 0)
                    cluster.crash(node, refuse: random.nextBool(probability: 0.5))
                    crashed.append(node)
                case 18 where !crashed.isEmpty:
                    cluster.restart(crashed.removeLast())
                case 19:
                    cluster.stepDown(Fixtures.memberNode(shard: random.nextInt(below: 3), member: 0), for: .seconds(2))
                default:
                    break
                }
                cluster.run(for: .milliseconds(5))
                let router = cluster.routers[0]
                if router.timedDeadlinesHint > 0 { timedChecks += 1 }
                #expect(router.nextDeadline == router.deadlineByFullWalk(), "seed \(seed), step \(step)")
            }
            // The walk did run at times (sub-requests selecting while a crashed primary's shard had none).
            #expect(timedChecks > 0, "seed \(seed)")
        }
    }
}

extension MongosRouter {
    /// The earliest deadline over the monitors and every request in progress, always walking the
    /// table (the computation before the hint).
    func deadlineByFullWalk() -> SimTime {
        var deadline = SimTime.distantFuture
        for m in monitors where m.nextDeadline < deadline { deadline = m.nextDeadline }
        for index in requests.elements.indices where requests.isOccupied(index) {
            if let since = requests.elements[index].waitingForTableSince { deadline = min(deadline, since + settings.serverSelectionTimeout) }
            for sub in requests.elements[index].subs {
                switch sub.phase {
                case .selecting(let d): deadline = min(deadline, d, monitors[Int(sub.shard.rawValue)].nextImmediateCheckAt)
                case .sent(_, let d): deadline = min(deadline, d)
                case .done: break
                }
            }
        }
        return deadline
    }
}
