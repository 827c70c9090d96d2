import Testing
import SimulationPrimitives
@testable import ShardedStore

/// A monitor's periodic checks with a heartbeat phase: the first check at creation, the next one
/// `heartbeatPhase` later, then every `heartbeatFrequency` (a process started before the window).
@Test func heartbeatPhaseShiftsThePeriodicChecks() {
    var settings = TopologyMonitorSettings()
    settings.heartbeatFrequency = .seconds(10)
    let owner = StoreNodeID(9), servers = [StoreNodeID(1), StoreNodeID(2)]
    var monitor = TopologyMonitor(servers: servers, settings: settings, now: .zero, heartbeatPhase: .seconds(3))
    var out = StoreOutbox()

    func checkAndAnswer(at now: SimTime) {
        out.removeAll()
        monitor.tick(now: now, owner: owner, into: &out)
        #expect(out.messages.count == servers.count, "every server checked at \(now)")
        for envelope in out.messages {
            guard case .hello(let id) = envelope.message else { Issue.record("not a hello"); continue }
            monitor.handleHelloReply(requestID: id, from: envelope.to, HelloReply(state: .secondary, term: 1, primary: nil),
                                     now: now, owner: owner, into: &out)
        }
    }
    checkAndAnswer(at: .zero)
    #expect(monitor.nextDeadline == .zero + .seconds(3))
    checkAndAnswer(at: .zero + .seconds(3))
    #expect(monitor.nextDeadline == .zero + .seconds(13))
    checkAndAnswer(at: .zero + .seconds(13))
    #expect(monitor.nextDeadline == .zero + .seconds(23))
    // Without a phase: every heartbeatFrequency from creation.
    monitor = TopologyMonitor(servers: servers, settings: settings, now: .zero)
    checkAndAnswer(at: .zero)
    #expect(monitor.nextDeadline == .zero + .seconds(10))
}

/// Selection without building candidate lists keeps the same draws: with two secondaries and a
/// primary, `nearest` picks among [secondaries…, primary] in list order.
@Test func selectionPicksFromTheCandidatesInListOrder() {
    let servers = [StoreNodeID(1), StoreNodeID(2), StoreNodeID(3)]
    var monitor = TopologyMonitor(servers: servers, settings: TopologyMonitorSettings(), now: .zero)
    var out = StoreOutbox()
    monitor.tick(now: .zero, owner: StoreNodeID(9), into: &out)
    let states: [MemberState] = [.secondary, .primary, .secondary]
    for (i, envelope) in out.messages.enumerated() {
        guard case .hello(let id) = envelope.message else { continue }
        monitor.handleHelloReply(requestID: id, from: envelope.to, HelloReply(state: states[i], term: 1, primary: StoreNodeID(2)),
                                 now: .zero, owner: StoreNodeID(9), into: &out)
    }
    var random = RandomStream(rootSeed: 1, component: "test")
    var seen = Set<StoreNodeID>()
    for _ in 0..<200 {
        #expect(monitor.select(.primary, random: &random) == StoreNodeID(2))
        let secondary = monitor.select(.secondary, random: &random)
        #expect(secondary == StoreNodeID(1) || secondary == StoreNodeID(3))
        seen.insert(monitor.select(.nearest, random: &random)!)
    }
    #expect(seen == Set(servers))
}
