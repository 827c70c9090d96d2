import Testing
import SimulationPrimitives
@testable import ServiceDiscovery

/// The §5.5 timelines (reference/netflix-oss.md §5.5, §8.6; failure case F03): how long a dead
/// instance stays in a caller's Ribbon server list, composed from the real server, the real client
/// cache and a Ribbon server-list stage, in a deterministic driver loop.
///
/// The Ribbon stage here is `PollingServerListUpdater` reduced to its schedule (first refresh 1 s
/// after creation, then a fixed delay of `ServerListRefreshInterval`, reading the client's UP
/// instances), the same schedule `LoadBalancing.LoadBalancer.refreshServerList` returns; this test
/// target cannot import LoadBalancing (Package.swift), see docs/modules/ServiceDiscovery.md.
@Suite struct StaleRoutingTimelineTests {
    struct Phases {
        /// Start of the victim instance: it registers then and heartbeats every 30 s from +30 s.
        var victimStart: Double
        /// Death (or deregistration) time.
        var death: Double
        var graceful = false
        /// Phase of the server's read-only cache timer (multiples of 30 s shifted by this).
        var cachePhase: Double
        /// Start of the caller's Eureka client (fetches at +30 s, +60 s, …).
        var callerStart: Double
        /// Creation of the caller's Ribbon balancer (refreshes at +1 s, +31 s, …).
        var ribbonCreated: Double
    }

    static let app = AppID(7)           // seating-query
    static let victim = 1
    static let ribbonInterval = SimDuration.seconds(30)

    /// Runs the platform until the victim has left the caller's Ribbon list; answers the time it left.
    func removalTime(_ p: Phases, config: EurekaServerConfig = EurekaServerConfig(), until: SimTime = at(3_000)) -> SimTime? {
        var serverConfig = config
        serverConfig.responseCacheTimerPhase = SimDuration(seconds: p.cachePhase)
        let server = EurekaServer(config: serverConfig, createdAt: .zero)
        server.openForTraffic(count: 0, at: .zero)
        var rng = RandomStream(rootSeed: 1, component: "eureka-1")
        // Two instances of the app (the victim and a healthy one) plus 20 others: large enough that
        // self-preservation does not engage (§5.3, Spring: 42 renewals/min > (int)(23 × 1.7) = 39).
        var starts: [(id: Int, app: AppID, start: SimTime)] = [(Self.victim, Self.app, at(p.victimStart)), (2, Self.app, at(3.3))]
        for k in 0..<20 { starts.append((10 + k, AppID(100 + k), at(0.5 + Double(k) * 1.1))) }
        var instances: [EurekaClient?] = Array(repeating: nil, count: starts.count)
        var caller = EurekaClient(config: { var c = EurekaClientConfig(); c.registerWithEureka = false; return c }(), instance: nil, startedAt: at(p.callerStart))
        var callerStarted = false
        var ribbonList: [InstanceID] = []
        var nextRibbon = at(p.ribbonCreated) + .seconds(1)
        var dead = false
        let death = at(p.death)

        func deliver(_ request: EurekaClient.Request, from client: inout EurekaClient, at t: SimTime) {
            switch request {
            case .write(let op):
                let reply = server.handle(op, isReplication: false, at: t)
                if case .renew = op, let follow = client.heartbeatCompleted(reply: reply, at: t) { deliver(follow, from: &client, at: t) }
            case .fetchFull:
                _ = client.fetchCompleted(.full(server.fetchFull(at: t)), at: t)
            case .fetchDelta:
                if let follow = client.fetchCompleted(.delta(server.fetchDelta(at: t)), at: t) { deliver(follow, from: &client, at: t) }
            }
        }

        var t = SimTime.zero
        while t <= until {
            // Next event: the earliest of every component's deadline.
            var next = min(server.nextDeadline, nextRibbon)
            if !dead { next = min(next, death) }
            if !callerStarted { next = min(next, at(p.callerStart)) } else { next = min(next, caller.nextDeadline) }
            for (i, s) in starts.enumerated() {
                if let c = instances[i] { next = min(next, c.nextDeadline) } else if !(dead && i == 0) { next = min(next, s.start) }
            }
            t = next
            // Fixed processing order at one instant: instances, death, server timers, caller, Ribbon.
            for (i, s) in starts.enumerated() where !(dead && i == 0) {
                if instances[i] == nil, s.start == t {
                    var c = EurekaClient(config: EurekaClientConfig(), instance: InstanceInfo(id: InstanceID(s.id), app: s.app), startedAt: t)
                    for r in c.startupRequests() { deliver(r, from: &c, at: t) }
                    instances[i] = c
                } else if var c = instances[i], c.nextDeadline <= t {
                    let work = c.tick(at: t)
                    if let h = work.heartbeat { deliver(h, from: &c, at: t) }
                    if let f = work.fetch { deliver(f, from: &c, at: t) }
                    instances[i] = c
                }
            }
            if !dead && death == t {
                dead = true
                if p.graceful, var c = instances[0], let cancel = c.shutdown(at: t) { deliver(cancel, from: &c, at: t) }
                instances[0] = nil   // kill -9: no deregistration, no more heartbeats
            }
            if server.nextDeadline <= t { server.tick(at: t, random: &rng) }
            if !callerStarted && at(p.callerStart) == t {
                callerStarted = true
                for r in caller.startupRequests() { deliver(r, from: &caller, at: t) }
            } else if callerStarted && caller.nextDeadline <= t {
                let work = caller.tick(at: t)
                if let f = work.fetch { deliver(f, from: &caller, at: t) }
            }
            if nextRibbon == t {
                ribbonList = caller.upInstances(of: Self.app).map(\.id)
                nextRibbon = t + Self.ribbonInterval
                if dead && !ribbonList.contains(InstanceID(Self.victim)) { return t }
            }
            server.checkInvariants()
            #expect(!server.isSelfPreservationActive || t < at(130))
        }
        return nil
    }

    // Bounds from the configured intervals (§5.5): lease 90 s (doubled), eviction 60 s, response
    // cache 30 s, client fetch 30 s, Ribbon refresh 30 s, heartbeat 30 s.
    let lease = 90.0, eviction = 60.0, cache = 30.0, fetch = 30.0, ribbon = 30.0, heartbeat = 30.0
    var killUpperBound: Double { 2 * lease + eviction + cache + fetch + ribbon }        // 330 s
    var killLowerBound: Double { 2 * lease - heartbeat }                                // 150 s
    var gracefulUpperBound: Double { cache + fetch + ribbon }                           // 90 s

    @Test func killWorstCaseApproachesThreeHundredThirtySeconds() throws {
        // Dies right after its renewal at 600 s; 600 + 180 = 780 is an eviction tick, and expiry is
        // strictly after, so eviction waits for 840; the read-only refresh ran 1 ms earlier
        // (839.999), the caller fetched 1 ms before that, Ribbon refreshed 1 ms before that.
        let p = Phases(victimStart: 0, death: 600.000_001, cachePhase: 29.999, callerStart: 29.998, ribbonCreated: 28.997)
        let removed = try #require(removalTime(p))
        let exposure = (removed - at(p.death)).seconds
        #expect(exposure <= killUpperBound)
        #expect(exposure > killUpperBound - 0.01)                   // 329.997 s
    }

    @Test func killBestCaseApproachesOneHundredFiftySeconds() throws {
        // Last renewal at 599.999 (expiry after 779.999, evicted at the 780 tick); dies 1 ms before
        // its next renewal; cache, fetch and Ribbon run 1, 2, 3 ms after the eviction.
        let p = Phases(victimStart: 29.999, death: 629.998, cachePhase: 0.001, callerStart: 0.002, ribbonCreated: 29.003)
        let removed = try #require(removalTime(p))
        let exposure = (removed - at(p.death)).seconds
        #expect(exposure > killLowerBound)
        #expect(exposure < killLowerBound + 0.01)                   // 150.005 s
    }

    @Test func killExposureStaysWithinBoundsForRandomPhases() throws {
        var rng = RandomStream(rootSeed: 11, component: "timeline-phases")
        for _ in 0..<12 {
            let p = Phases(victimStart: rng.nextDouble() * 30, death: 400 + rng.nextDouble() * 60, cachePhase: rng.nextDouble() * 30,
                           callerStart: rng.nextDouble() * 30, ribbonCreated: rng.nextDouble() * 30)
            let removed = try #require(removalTime(p))
            let exposure = (removed - at(p.death)).seconds
            #expect(exposure > killLowerBound && exposure <= killUpperBound, "phases \(p)")
        }
    }

    @Test func gracefulShutdownWorstCaseIsNinetySeconds() throws {
        // Cancel at 600.0005; the read-only refresh ran at 600.0, the caller fetched at 599.999,
        // Ribbon refreshed at 599.998: each stage waits almost a full interval.
        let p = Phases(victimStart: 0, death: 600.0005, graceful: true, cachePhase: 0, callerStart: 29.999, ribbonCreated: 28.998)
        let removed = try #require(removalTime(p))
        let exposure = (removed - at(p.death)).seconds
        #expect(exposure <= gracefulUpperBound)
        #expect(exposure > gracefulUpperBound - 0.01)               // 89.9975 s
    }

    @Test func gracefulExposureStaysWithinBoundsForRandomPhases() throws {
        var rng = RandomStream(rootSeed: 12, component: "timeline-phases")
        for _ in 0..<12 {
            let p = Phases(victimStart: rng.nextDouble() * 30, death: 400 + rng.nextDouble() * 60, graceful: true,
                           cachePhase: rng.nextDouble() * 30, callerStart: rng.nextDouble() * 30, ribbonCreated: rng.nextDouble() * 30)
            let removed = try #require(removalTime(p))
            let exposure = (removed - at(p.death)).seconds
            #expect(exposure > 0 && exposure <= gracefulUpperBound, "phases \(p)")
        }
    }

    @Test func fixedLeaseExpiryRemovesNinetySecondsEarlier() throws {
        var config = EurekaServerConfig()
        config.leaseExpiry = .fixed
        let p = Phases(victimStart: 0, death: 600.000_001, cachePhase: 29.999, callerStart: 29.998, ribbonCreated: 28.997)
        let removed = try #require(removalTime(p, config: config))
        // Expiry after 690: eviction at 720, then the same three cache stages (≈ 90 s): 209.997 s.
        let exposure = (removed - at(p.death)).seconds
        #expect(exposure <= lease + eviction + cache + fetch + ribbon)
        #expect(exposure > lease + eviction + cache + fetch + ribbon - 30.01)
    }
}
