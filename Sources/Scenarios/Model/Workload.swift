import SimulationPrimitives

/// Who sends what, when (DESIGN §4 `workload`).
public struct Workload: Sendable, Equatable {
    public enum Model: String, Sendable, CaseIterable, Codable { case open, closed }
    /// Open-model arrival spacing: Poisson (exponential gaps) or evenly spaced (k6's "fractional" spacing).
    public enum Arrivals: String, Sendable, CaseIterable, Codable { case poisson, even }

    public var model: Model
    public var arrivals: Arrivals
    /// Open model: session arrival rate at time 0, then linear ramps to each stage's target (k6 `ramping-arrival-rate`).
    public var startRate: Rate
    public var stages: [Stage]
    /// Open model: extra rate added during a window.
    public var spikes: [Spike]
    /// Open model: an arrival-rate trace `(seconds, rate per second)` from a CSV file (MiSim `limbo`), replacing stages.
    public var trace: [(atSeconds: Double, perSecond: Double)]
    /// Closed model: concurrent users and think time between journey steps.
    public var users: Int
    public var thinkTime: DistributionField
    /// Journey mix, normalised weights in ``Journey`` order.
    public var mix: [(journey: Journey, weight: Double)]
    public var flashSale: FlashSale?
    /// A client abandons a step after this long.
    public var clientTimeout: SimDuration
    public var retry: ClientRetry
    /// Share of sessions (0…1) that are attackers with bad tokens.
    public var attackerShare: Double
    public var attackerKinds: [AttackerKind]
    /// How clients pick an edge balancer instance among the DNS name's addresses.
    public enum EdgeAffinity: String, Sendable, CaseIterable, Codable {
        /// Resolve once per journey and keep that address for its steps (a browser's DNS cache and
        /// keep-alive connection; k6 reuses a VU's connections by default). The default.
        case session
        /// Resolve round robin for every request (no connection reuse: k6 `noConnectionReuse`).
        case request
    }
    public var edgeAffinity: EdgeAffinity = .session

    public static func == (a: Workload, b: Workload) -> Bool {
        a.model == b.model && a.arrivals == b.arrivals && a.startRate == b.startRate && a.stages == b.stages
            && a.spikes == b.spikes && a.trace.map(\.atSeconds) == b.trace.map(\.atSeconds)
            && a.trace.map(\.perSecond) == b.trace.map(\.perSecond) && a.users == b.users && a.thinkTime == b.thinkTime
            && a.mix.map(\.journey) == b.mix.map(\.journey) && a.mix.map(\.weight) == b.mix.map(\.weight)
            && a.flashSale == b.flashSale && a.clientTimeout == b.clientTimeout && a.retry == b.retry
            && a.attackerShare == b.attackerShare && a.attackerKinds == b.attackerKinds && a.edgeAffinity == b.edgeAffinity
    }

    /// Open-model arrival rate (per second) at `t` seconds: trace step, or stage ramps, plus spikes.
    public func arrivalRate(atSeconds t: Double) -> Double {
        var rate: Double
        if !trace.isEmpty {
            rate = trace.last { $0.atSeconds <= t }?.perSecond ?? trace[0].perSecond
        } else {
            rate = startRate.perSecond
            var stageStart = 0.0
            var from = startRate.perSecond
            var inStage = false
            for stage in stages {
                let length = stage.duration.seconds
                if t < stageStart + length {
                    let progress = length > 0 ? (t - stageStart) / length : 1
                    rate = from + (stage.target.perSecond - from) * progress
                    inStage = true
                    break
                }
                stageStart += length
                from = stage.target.perSecond
            }
            if !inStage { rate = stages.last?.target.perSecond ?? startRate.perSecond }
        }
        for spike in spikes where t >= spike.at.seconds && t < (spike.at + spike.duration).seconds { rate += spike.extra.perSecond }
        return max(rate, 0)
    }
}

public struct Stage: Sendable, Equatable {
    public var duration: SimDuration
    public var target: Rate
}

public struct Spike: Sendable, Equatable {
    public var at: SimDuration
    public var duration: SimDuration
    public var extra: Rate
}

/// User journeys (DESIGN §3) and the route each step calls.
public enum Journey: String, Sendable, CaseIterable, Codable, Comparable {
    /// Browse the cartelera and a funcion's seat map (reads).
    case browse = "browse-cartelera"
    /// login → hold seats → pay → confirm.
    case buy = "buy-tickets"
    /// Share a purchase on facebook/twitter.
    case share = "share-on-social"
    /// An encargado updates the catalogue (funciones, peliculas, salas, cines, cadenas, staff).
    case manage = "manage-catalog"
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    /// The short key used in `workload.mix`.
    public var mixKey: String {
        switch self { case .browse: return "browse"; case .buy: return "buy"; case .share: return "share"; case .manage: return "manage" }
    }
}

/// A fraction of buyers all target one premiere funcion (the on-sale hot spot).
public struct FlashSale: Sendable, Equatable {
    public var share: Double
    /// When the sale opens (buyers before it behave normally).
    public var opensAt: SimDuration
}

/// Users who retry a failed step.
public struct ClientRetry: Sendable, Equatable {
    public var probability: Double
    public var maxRetries: Int
    public var backoff: SimDuration
}

public enum AttackerKind: String, Sendable, CaseIterable, Codable {
    case expired, forged, missing
}
