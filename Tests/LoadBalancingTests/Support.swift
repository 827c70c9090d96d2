import SimulationPrimitives
@testable import LoadBalancing

/// `t` seconds after the start of the run.
func at(_ seconds: Double) -> SimTime { .zero + SimDuration(seconds: seconds) }

/// A balancer with `rule` over servers 0..<count (zones from `zones`, default all zone 0), list
/// refreshed at time 0.
func makeBalancer(_ rule: LoadBalancingRule, count: Int, zones: [Int]? = nil, configure: (inout RibbonClientConfig) -> Void = { _ in }) -> LoadBalancer {
    var config = RibbonClientConfig()
    config.rule = rule
    configure(&config)
    var lb = LoadBalancer(config: config, createdAt: .zero)
    let list = (0..<count).map { ServerInfo(id: ServerID($0), zone: ZoneID(zones?[$0] ?? 0)) }
    lb.refreshServerList(list, at: .zero)
    return lb
}

/// Picks `n` servers (raw ids; -1 for nil) at `now` with `random`.
func picks(_ lb: inout LoadBalancer, _ n: Int, now: SimTime = .zero, random: Double = 0.5, excluding: ServerID? = nil) -> [Int] {
    let out = (0..<n).map { _ in lb.choose(now: now, excluding: excluding, random: random)?.rawValue ?? -1 }
    lb.checkInvariants()
    return out
}

/// Trips `server`'s ServerStats circuit at `now` with `failures` consecutive connection failures.
func trip(_ lb: inout LoadBalancer, _ server: Int, failures: Int = 3, now: SimTime = .zero) {
    for _ in 0..<failures {
        lb.noteRequestStarted(on: ServerID(server), at: now)
        lb.noteRequestCompleted(on: ServerID(server), outcome: .connectionFailure, responseTime: .seconds(1), at: now)
    }
}
