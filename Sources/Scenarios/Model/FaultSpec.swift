import SimulationPrimitives

/// One entry of the fault timeline (DESIGN §5): a kind, on a target, at a time, optionally for a duration.
public struct FaultSpec: Sendable, Equatable {
    public var kind: FaultKind
    /// Instance (`compra-command-2`), service/component (`compra-command`, `oauth`), zone, shard
    /// (`shard-1`), link (`zone-a->zone-b`), external API (`facebook`) or property key.
    public var target: String
    public var at: SimDuration
    /// nil = until the end of the run.
    public var duration: SimDuration?
    public var parameters: FaultParameters
    public var location: SourceLocation

    /// A fault built in code (e.g. `cinesim explore`'s random schedule); `location` says where it came from.
    public init(kind: FaultKind, target: String, at: SimDuration, duration: SimDuration?, parameters: FaultParameters, location: SourceLocation) {
        self.kind = kind; self.target = target; self.at = at; self.duration = duration
        self.parameters = parameters; self.location = location
    }
}

/// The fault kinds of DESIGN §5 and issue 6.
public enum FaultKind: String, Sendable, CaseIterable, Codable {
    /// kill -9: no deregistration; connections refused while down.
    case instanceCrash = "instance-crash"
    /// Deregister from Eureka first, then stop.
    case gracefulStop = "graceful-stop"
    /// Stop then start again (re-registers).
    case restart
    case zoneOutage = "zone-outage"
    /// Cut links between two zones (or one way with `one_way: true`).
    case partition
    /// Toxiproxy-style latency + jitter on a node or link.
    case latency
    /// Answer a share of requests with an HTTP status.
    case errors
    /// A node accepts connections and never answers.
    case hang
    /// A node black-holes connection attempts (connect timeout).
    case blackhole
    case shardSlowdown = "shard-slowdown"
    case primaryStepDown = "primary-step-down"
    case memberLoss = "member-loss"
    case registryOutage = "registry-outage"
    case oauthOutage = "oauth-outage"
    case oauthSlowdown = "oauth-slowdown"
    case clockSkew = "clock-skew"
    case logStall = "log-stall"
    case configPush = "config-push"
    case externalOutage = "external-outage"
    case externalRateLimit = "external-rate-limit"
}

/// Kind-specific parameters (unused ones stay at their zero values).
public struct FaultParameters: Sendable, Equatable {
    public var latency: SimDuration = .zero
    public var jitter: SimDuration = .zero
    /// Error injection: share of requests and the status answered.
    public var errorRate: Double = 0
    public var status: Int = 500
    /// Partition: the other side, and whether only `target → peer` is cut.
    public var peer: String = ""
    public var oneWay: Bool = false
    /// Clock skew (may be negative).
    public var skew: SimDuration = .zero
    /// Slowdown factor for shard/OAuth slowdowns (service time ×).
    public var factor: Double = 1
    /// Config push: the property value.
    public var value: String = ""
    /// Log stall: a blocking appender stalls request threads; a dropping one drops events.
    public var blockingAppender: Bool = false
    /// External rate limit during the window.
    public var rateLimit: Rate? = nil
    public init() {}
}
