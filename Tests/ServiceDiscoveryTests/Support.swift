import SimulationPrimitives
@testable import ServiceDiscovery

/// `t` seconds after the start of the run.
func at(_ seconds: Double) -> SimTime { .zero + SimDuration(seconds: seconds) }

func info(_ id: Int, app: Int = 1, status: InstanceStatus = .up) -> InstanceInfo {
    InstanceInfo(id: InstanceID(id), app: AppID(app), status: status)
}

extension EurekaServer {
    @discardableResult
    func register(_ id: Int, app: Int = 1, at t: SimTime, replication: Bool = false) -> RegistryReply {
        handle(.register(info(id, app: app), leaseDuration: .seconds(90)), isReplication: replication, at: t)
    }
    @discardableResult
    func renew(_ id: Int, at t: SimTime) -> RegistryReply { handle(.renew(InstanceID(id)), isReplication: false, at: t) }
}

/// Drives a server with `live` instances heartbeating every 30 s (at `t ≡ phase` mod 30 s) from
/// `from` to `until`, ticking the server at each of its deadlines. Returns the times at which each
/// instance disappeared from the registry.
func runHeartbeats(_ server: EurekaServer, live: (SimTime) -> [Int], from: SimTime, until: SimTime,
                   rng: inout RandomStream) {
    var nextBeat = from
    var t = from
    while t <= until {
        let nextTick = server.nextDeadline
        t = min(nextBeat, nextTick)
        if t > until { break }
        if nextTick == t { server.tick(at: t, random: &rng) }
        if nextBeat == t {
            for id in live(t) { server.renew(id, at: t) }
            nextBeat = nextBeat + .seconds(30)
        }
        server.checkInvariants()
    }
}
