/// Steers a share of one service's traffic to one chosen instance, as Netflix's "squeeze" tests do
/// with Zuul (the seed's stress-testing filters): the instance receives more than its round-robin
/// share so its breaking point can be measured under production traffic.
///
/// ```swift
/// StressTestPolicy(serviceID: "funcion-query", instanceID: "funcion-query-2", share: 0.5)
/// ```
/// For each routed request to `serviceID` the filter draws one number from the gateway's stream;
/// below `share` the decision pins ``instanceID`` and the Ribbon rule is bypassed.
public struct StressTestPolicy: Sendable, Hashable {
    /// The service whose traffic is steered.
    public var serviceID: String
    /// The instance that receives the extra share.
    public var instanceID: String
    /// Fraction of the service's requests pinned to the instance, in [0, 1].
    public var share: Double

    /// A policy; `share` is clamped to [0, 1].
    public init(serviceID: String, instanceID: String, share: Double) {
        self.serviceID = serviceID
        self.instanceID = instanceID
        self.share = min(1, max(0, share))
    }
}

/// Cross-region routing: send a share of a service's traffic to another region, as Netflix's Zuul
/// did to shift traffic between AWS regions (region evacuation / failover).
///
/// ```swift
/// CrossRegionPolicy(localRegion: "eu-west", rules: [.init(serviceID: nil, targetRegion: "us-east", share: 1)])  // evacuate
/// ```
public struct CrossRegionPolicy: Sendable, Hashable {
    /// The gateway's own region.
    public var localRegion: String
    /// Rules, first matching one applies.
    public var rules: [Rule]

    /// One steering rule.
    public struct Rule: Sendable, Hashable {
        /// The service it applies to; `nil`: every service.
        public var serviceID: String?
        /// The region to send traffic to.
        public var targetRegion: String
        /// Fraction of requests sent there, in [0, 1].
        public var share: Double

        /// A rule; `share` is clamped to [0, 1].
        public init(serviceID: String?, targetRegion: String, share: Double) {
            self.serviceID = serviceID
            self.targetRegion = targetRegion
            self.share = min(1, max(0, share))
        }
    }

    /// A policy for a gateway in `localRegion`.
    public init(localRegion: String, rules: [Rule]) {
        self.localRegion = localRegion
        self.rules = rules
    }

    /// The first rule for `serviceID`.
    func rule(for serviceID: String) -> Rule? {
        rules.first { $0.serviceID == nil || $0.serviceID == serviceID }
    }
}
