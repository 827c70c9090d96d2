import SimulationPrimitives
import Scenarios

/// Platform traffic besides client requests: Eureka heartbeats (lease renewals) and registry
/// fetches, config polling and log shipping — real load on those nodes, and hit by their faults.
extension PlatformSimulation {
    func scheduleBackgroundTraffic() {
        for node in nodes.indices {
            let kind = nodes[node].kind
            let first = { (interval: SimDuration) -> SimTime in
                .zero + SimDuration(nanoseconds: Int64(self.faultRandom.nextDouble() * Double(interval.nanoseconds)))
            }
            if (kind == .service || kind == .gateway) && componentOfKind[.config] != nil {
                queue.schedule(.backgroundTick(node: Int32(node), kind: .configPoll), at: first(Self.configPollInterval))
            }
            if (kind == .service || kind == .gateway || kind == .frontend) && componentOfKind[.logstash] != nil {
                queue.schedule(.backgroundTick(node: Int32(node), kind: .logShip), at: first(Self.logShipInterval))
            }
            scheduleTurbineStream(node: node)
        }
    }

    /// Spring Cloud Config clients poll when a refresh is triggered; we model a 60 s poll
    /// (a common `@Scheduled` refresh) so config-server faults are felt.
    static let configPollInterval = SimDuration.seconds(60)
    /// Logstash/Filebeat ship batches every second (Filebeat's default `flush.timeout` is 1 s).
    static let logShipInterval = SimDuration.seconds(1)

    func backgroundTick(_ node: Int32, _ kind: BackgroundKind) {
        let now = queue.now
        let eureka = resilience.eureka
        let (component, route, interval): (NodeKind, Int16, SimDuration) = switch kind {
        case .eurekaHeartbeat: (.eureka, internalRoutes.eurekaRenew, eureka.leaseRenewalInterval)
        case .eurekaFetch: (.eureka, internalRoutes.eurekaFetch, eureka.registryFetchInterval)
        case .configPoll: (.config, internalRoutes.configPoll, Self.configPollInterval)
        case .logShip: (.logstash, internalRoutes.logShip, Self.logShipInterval)
        case .turbineStream: (.turbine, internalRoutes.turbineStream, Self.hystrixStreamInterval)
        }
        let next = now + interval
        if next < endTime { queue.schedule(.backgroundTick(node: node, kind: kind), at: next) }
        // A dead process sends nothing.
        guard nodes[Int(node)].health == .up, let target = componentOfKind[component] else { return }
        guard let instance = EdgeRuleSeam.choose(among: components[Int(target)].instances, in: self, cursorOf: node)
                ?? components[Int(target)].instances.first else { return }
        counters.backgroundCalls += 1
        if kind == .logShip && logStallActive && !logStallBlocking { counters.logEventsDropped += 1; return }
        // Eureka's client uses 5 s connect / 8 s read timeouts (DefaultEurekaClientConfig).
        sendCall(caller: node, callerZone: nodes[Int(node)].zone, callee: instance, route: route, request: -1, parent: -1, parentGeneration: 0,
                 funcionKey: 0, clienteKey: 0, tokenValid: true, connectTimeout: .seconds(5), readTimeout: .seconds(8))
    }
}
