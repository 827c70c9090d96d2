/// What a simulated node is; decides the program it runs for a call.
enum NodeKind: UInt8 {
    case edge, frontend, gateway, oauth, config, eureka, turbine, logstash, mongos, service, external, member

    /// The component kind written in `ComponentSummary.kind`.
    var summaryName: String {
        switch self {
        case .edge: "edge"; case .frontend: "frontend"; case .gateway: "gateway"; case .oauth: "oauth"; case .config: "config"
        case .eureka: "eureka"; case .turbine: "turbine"; case .logstash: "logstash"; case .mongos: "mongos"
        case .service: "service"; case .external: "external"; case .member: "replica-member"
        }
    }
}

/// Health of a node as faults leave it (DESIGN §10 "Network calls").
enum NodeHealth: UInt8 {
    case up
    /// Process dead, host up: connections refused (kill -9, graceful stop).
    case refusing
    /// Host unreachable (zone outage, black-hole fault): connection attempts time out.
    case blackholed
    /// Accepts connections and never answers (read timeout).
    case hung
}
