import SimulationPrimitives
import Scenarios
import Telemetry
import CinemaDomain

extension PlatformSimulation {
    /// Creates every node: infrastructure kinds, the 18 services, external APIs, and each shard's
    /// replica-set members; instances are placed round-robin over their zones.
    func buildTopology() throws(ScenarioError) {
        let topology = scenario.topology
        let zones = topology.zones
        func addComponent(name: String, kind: NodeKind, settings: NodeSettings, detail: Int, placementOffset: Int = 0) throws(ScenarioError) -> Int32 {
            let componentIndex = Int32(components.count)
            let sampler = try DistributionResolver.sampler(for: settings.serviceTime)
            var instances: [Int32] = []
            let placement = settings.zones.isEmpty ? zones : settings.zones
            for i in 0..<settings.instances {
                let zoneName = placement[(i + placementOffset) % placement.count]
                let zone = Int16(zones.firstIndex(of: zoneName)!)
                let instanceName = kind == .member ? "\(name)-member-\(i + 1)" : "\(name)-\(i + 1)"
                let station = recorder.addStation(component: name, kind: kind.summaryName, instance: instanceName, zone: zoneName, workers: settings.workers)
                nodes.append(SimNode(component: componentIndex, kind: kind, zone: zone, workers: Int32(settings.workers),
                                     queueCapacity: Int32(settings.queueCapacity), serviceTime: sampler, station: Int32(station)))
                nodeNames.append(instanceName)
                instances.append(Int32(nodes.count - 1))
            }
            components.append(ComponentInfo(name: name, kind: kind, instances: instances, detail: detail))
            return componentIndex
        }
        let kinds: [(InfrastructureKind, NodeKind)] = [(.edge, .edge), (.frontend, .frontend), (.gateway, .gateway), (.oauth, .oauth),
                                                       (.config, .config), (.eureka, .eureka), (.turbine, .turbine), (.logstash, .logstash), (.mongos, .mongos)]
        for (kind, nodeKind) in kinds {
            let settings = topology.infrastructure[kind]!
            if settings.instances == 0 { continue }
            componentOfKind[nodeKind] = try addComponent(name: kind.rawValue, kind: nodeKind, settings: settings, detail: -1)
        }
        for (index, service) in topology.services.enumerated() {
            serviceComponents.append(try addComponent(name: service.id, kind: .service, settings: service.node, detail: index))
        }
        for (index, external) in topology.externals.enumerated() {
            // A third-party API is one logical endpoint with effectively unbounded concurrency.
            let settings = NodeSettings(instances: 1, workers: 100_000, queueCapacity: 0, serviceTime: external.latency, zones: [zones[0]])
            externalComponents.append(try addComponent(name: external.name, kind: .external, settings: settings, detail: index))
            externalRateLimit.append(external.rateLimit)
            externalWindowStart.append(.zero)
            externalWindowCount.append(0)
        }
        let store = topology.store
        for shard in 0..<store.shards {
            let settings = NodeSettings(instances: store.replicas, workers: store.memberWorkers, queueCapacity: store.memberQueueCapacity,
                                        serviceTime: store.memberServiceTime, zones: [])
            // Members are named shard-<n>-member-<m>; spread so each shard's primary sits in a different zone.
            let component = try addComponent(name: "shard-\(shard + 1)", kind: .member, settings: settings, detail: shard, placementOffset: shard)
            shardComponents.append(component)
        }
    }

    /// Registers client-facing routes (`ServiceCatalog.routes`) and internal operations, and the
    /// service plans of every service-owned route.
    func buildRoutes() {
        for entry in ServiceCatalog.routes {
            let owner: Int32
            if let service = ServiceCatalog.serviceIDs.firstIndex(of: entry.serviceID) {
                owner = serviceComponents[service]
            } else if entry.serviceID == "oauth" {
                owner = componentOfKind[.oauth] ?? -1
            } else {
                owner = componentOfKind[.frontend] ?? -1
            }
            let isRead = entry.route.hasPrefix("GET ")
            let endpoint = Endpoint.allCases.first { $0.routeName == entry.route }
            let needsToken = endpoint.map { !$0.isPublic } ?? false
            _ = routeTable.add(.init(name: entry.route, owner: owner, isRead: isRead, needsToken: needsToken, isClientFacing: true))
        }
        func internalRoute(_ name: String, read: Bool) -> Int16 {
            routeTable.add(.init(name: name, owner: -1, isRead: read, needsToken: false, isClientFacing: false))
        }
        internalRoutes.storeRead = internalRoute("store find", read: true)
        internalRoutes.storeWrite = internalRoute("store update", read: false)
        internalRoutes.replicate = internalRoute("store replicate", read: false)
        internalRoutes.eurekaRenew = internalRoute("PUT /eureka/apps/{app}/{id}", read: false)
        internalRoutes.eurekaFetch = internalRoute("GET /eureka/apps/delta", read: true)
        internalRoutes.configPoll = internalRoute("GET /config/{app}/{profile}", read: true)
        internalRoutes.logShip = internalRoute("POST /_bulk", read: false)
        internalRoutes.turbineStream = internalRoute("GET /hystrix.stream", read: true)
        internalRoutes.externalCall = internalRoute("POST external", read: false)
        internalRoutes.introspect = routeTable.index(of: "POST /oauth/introspect")!
        internalRoutes.login = routeTable.index(of: "POST /oauth/token")!
        internalRoutes.page = routeTable.index(of: "GET /")!
    }

    /// Requests per journey, to turn the scenario's request rate into a session rate.
    func buildJourneys() {
        var meanSteps = 0.0
        for (journey, weight) in scenario.workload.mix { meanSteps += weight * Double(steps(of: journey).count) }
        sessionsPerRequest = meanSteps > 0 ? 1 / meanSteps : 1
    }

    func registerRecorders() {
        routeRecorder = routeTable.routes.map { route in
            route.isClientFacing ? recorder.addRoute(kind: .route, name: route.name) : -1
        }
        serviceRecorder = serviceComponents.map { recorder.addRoute(kind: .service, name: components[Int($0)].name) }
        for journey in Journey.allCases { journeyRecorder[journey] = recorder.addRoute(kind: .journey, name: journey.rawValue) }
    }
}
