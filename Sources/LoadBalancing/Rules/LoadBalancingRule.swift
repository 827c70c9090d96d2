/// The rule a load balancer uses to choose a server (Ribbon's `NFLoadBalancerRuleClassName`).
///
/// An enum, not a protocol: the balancer switches over it in ``LoadBalancer/choose(now:excluding:random:)``
/// so the hot path has no existential calls. Semantics per reference/netflix-oss.md §4.3.
public enum LoadBalancingRule: String, Sendable, CaseIterable {
    /// `RoundRobinRule`: counter starts at 0, `next = (cur+1) % n` (first pick is index 1), all
    /// servers are scanned, an alive one is accepted, gives up (nil) after 10 tries.
    case roundRobin
    /// `RandomRule`: a uniform pick among the alive servers, from the caller's drawn random.
    case random
    /// `AvailabilityFilteringRule`: round robin, skipping servers whose ServerStats circuit is tripped
    /// or whose active requests reach `ActiveConnectionsLimit`; after 11 rejected picks, a filtered
    /// round robin with an always-true fallback (never nil just because all are filtered).
    case availabilityFiltering
    /// `WeightedResponseTimeRule`: `weight_i = Σ avgRT − avgRT_i`, refreshed every
    /// `ServerWeightTaskTimerInterval` (30 s); round robin until weights exist.
    case weightedResponseTime
    /// `ZoneAvoidanceRule`: (zone ∧ availability) predicate with an availability-only and an
    /// always-true fallback; zones are dropped per the zone snapshot criteria.
    case zoneAvoidance
    /// `BestAvailableRule`: the non-tripped server with the fewest active requests (first wins ties);
    /// round robin if none qualifies.
    case bestAvailable

    /// The Java class name, as written in `<client>.ribbon.NFLoadBalancerRuleClassName`.
    public var ribbonClassName: String {
        switch self {
        case .roundRobin: "com.netflix.loadbalancer.RoundRobinRule"
        case .random: "com.netflix.loadbalancer.RandomRule"
        case .availabilityFiltering: "com.netflix.loadbalancer.AvailabilityFilteringRule"
        case .weightedResponseTime: "com.netflix.loadbalancer.WeightedResponseTimeRule"
        case .zoneAvoidance: "com.netflix.loadbalancer.ZoneAvoidanceRule"
        case .bestAvailable: "com.netflix.loadbalancer.BestAvailableRule"
        }
    }

    /// The rule named by a `NFLoadBalancerRuleClassName` value: the full Java class name or its
    /// simple name (`ZoneAvoidanceRule`); nil for a rule cinesim does not model (e.g. `RetryRule`).
    public init?(ribbonClassName name: String) {
        let simple = name.split(separator: ".").last.map(String.init) ?? name
        guard let rule = Self.allCases.first(where: { $0.ribbonClassName.hasSuffix("." + simple) }) else { return nil }
        self = rule
    }
}
