import SimulationPrimitives

extension ScenarioDecoder {
    static let topologyKeys = ["zones", "edge", "frontend", "gateway", "oauth", "config", "eureka", "turbine", "logstash", "mongos",
                               "services", "externals", "network", "store"]
    static let nodeKeys = ["instances", "workers", "queue", "service_time", "zones"]

    /// Baseline deployment per infrastructure kind (cases/failure-cases.md "Baseline topology"):
    /// gateway ×2, Eureka ×2, OAuth ×2, config ×1, mongos ×2, Logstash ×1. Service times are
    /// placeholders a bundled scenario overrides with a rationale.
    static func defaultNode(_ kind: InfrastructureKind, location: SourceLocation) -> NodeSettings {
        func node(_ instances: Int, _ workers: Int, _ queue: Int, _ time: String) -> NodeSettings {
            NodeSettings(instances: instances, workers: workers, queueCapacity: queue,
                         serviceTime: DistributionField(text: time, location: location), zones: [])
        }
        switch kind {
        case .edge: return node(2, 1024, 4096, "constant(50us)")
        case .frontend: return node(2, 200, 100, "exponential(mean: 2ms)")
        case .gateway: return node(2, 200, 100, "exponential(mean: 1ms)")   // Tomcat's default 200 threads, accept count 100
        case .oauth: return node(2, 50, 100, "exponential(mean: 5ms)")
        case .config: return node(1, 20, 50, "exponential(mean: 5ms)")
        case .eureka: return node(2, 50, 100, "exponential(mean: 1ms)")
        case .turbine: return node(1, 10, 100, "exponential(mean: 2ms)")
        case .logstash: return node(1, 4, 1000, "exponential(mean: 200us)")
        case .mongos: return node(2, 256, 512, "exponential(mean: 200us)")
        }
    }

    static func defaultService(location: SourceLocation) -> NodeSettings {
        // A gunicorn deployment with 2×cores+1 = 9 sync workers per instance (gunicorn docs' rule).
        NodeSettings(instances: 2, workers: 9, queueCapacity: 64,
                     serviceTime: DistributionField(text: "exponential(mean: 8ms)", location: location), zones: [])
    }

    func decodeNode(_ node: SourceNode, path: String, base: NodeSettings, zones: [String], required: Bool) throws(ScenarioError) -> NodeSettings {
        let reader = try MappingReader(node, path: path, allowed: Self.nodeKeys)
        var settings = base
        if let value = reader["instances"] {
            settings.instances = try value.int(reader.child("instances"), minimum: required ? 1 : 0, maximum: 10_000)
            if required && settings.instances == 0 {
                throw ScenarioError(at: value.location, "'\(reader.child("instances"))' is 0 but the platform needs at least one", fix: "use instances: 1 or more")
            }
        }
        if let value = reader["workers"] { settings.workers = try value.int(reader.child("workers"), minimum: 1, maximum: 1_000_000) }
        if let value = reader["queue"] { settings.queueCapacity = try value.int(reader.child("queue"), minimum: 0, maximum: 10_000_000) }
        if let value = reader["service_time"] { settings.serviceTime = try value.distribution(reader.child("service_time")) }
        if let value = reader["zones"] {
            settings.zones = try value.stringList(reader.child("zones"))
            for zone in settings.zones where !zones.contains(zone) {
                throw ScenarioError(at: value.location, "'\(reader.child("zones"))' names zone '\(zone)', which is not in topology.zones",
                                    fix: Suggestion.fix(for: zone, among: zones))
            }
        }
        return settings
    }

    mutating func decodeTopology(_ node: SourceNode?) throws(ScenarioError) -> Topology {
        let location = node?.location ?? defaultsFileLocation
        let reader = try MappingReader(node ?? .mapping([], location), path: "topology", allowed: Self.topologyKeys)
        var zones = ["zone-a", "zone-b", "zone-c"]
        if let value = reader["zones"] {
            zones = try value.stringList("topology.zones")
            if zones.isEmpty { throw ScenarioError(at: value.location, "'topology.zones' is empty", fix: "list at least one zone") }
            if Set(zones).count != zones.count { throw ScenarioError(at: value.location, "'topology.zones' lists a zone twice") }
        }
        var infrastructure: [InfrastructureKind: NodeSettings] = [:]
        for kind in InfrastructureKind.allCases {
            let base = Self.defaultNode(kind, location: location)
            // Turbine and Logstash are optional (monitoring/log pipeline may be left out).
            let required = kind != .turbine && kind != .logstash && kind != .config
            infrastructure[kind] = try reader[kind.rawValue].map { n throws(ScenarioError) in
                try decodeNode(n, path: reader.child(kind.rawValue), base: base, zones: zones, required: required)
            } ?? base
        }
        var services: [ServiceSettings] = []
        var serviceBase = Self.defaultService(location: location)
        var overrides: [(String, SourceNode)] = []
        if let servicesNode = reader["services"] {
            let servicesReader = try MappingReader(servicesNode, path: "topology.services", allowed: ["default"] + ServiceCatalog.serviceIDs)
            if let d = servicesReader["default"] {
                serviceBase = try decodeNode(d, path: "topology.services.default", base: serviceBase, zones: zones, required: true)
            }
            for entry in servicesReader.all where entry.key != "default" { overrides.append((entry.key, entry.value)) }
        }
        for id in ServiceCatalog.serviceIDs {
            var settings = serviceBase
            if let override = overrides.first(where: { $0.0 == id }) {
                settings = try decodeNode(override.1, path: "topology.services.\(id)", base: serviceBase, zones: zones, required: true)
            }
            services.append(ServiceSettings(id: id, node: settings))
        }
        let externals = try decodeExternals(reader["externals"], location: location)
        let network = try decodeNetwork(reader["network"], location: location)
        let store = try decodeStore(reader["store"], location: location)
        return Topology(zones: zones, infrastructure: infrastructure, services: services, externals: externals, network: network, store: store)
    }

    func decodeExternals(_ node: SourceNode?, location: SourceLocation) throws(ScenarioError) -> [ExternalSettings] {
        // Defaults: a third-party HTTPS API answering in ~120 ms (internet round trip plus their work).
        var externals = ServiceCatalog.externalAPIs.map {
            ExternalSettings(name: $0, latency: DistributionField(text: "exponential(mean: 120ms)", location: location), rateLimit: nil)
        }
        guard let node else { return externals }
        let reader = try MappingReader(node, path: "topology.externals", allowed: ServiceCatalog.externalAPIs)
        for entry in reader.all {
            let api = try MappingReader(entry.value, path: reader.child(entry.key), allowed: ["latency", "rate_limit"])
            let index = externals.firstIndex { $0.name == entry.key }!
            if let value = api["latency"] { externals[index].latency = try value.distribution(api.child("latency")) }
            if let value = api["rate_limit"] { externals[index].rateLimit = try value.rate(api.child("rate_limit")) }
        }
        return externals
    }

    func decodeNetwork(_ node: SourceNode?, location: SourceLocation) throws(ScenarioError) -> NetworkSettings {
        // Defaults: ~0.25 ms one way inside a zone, ~1 ms across zones of one region (AWS figures
        // people report), 40 ms to a third-party API.
        var network = NetworkSettings(sameZone: DistributionField(text: "exponential(mean: 250us)", location: location),
                                      crossZone: DistributionField(text: "exponential(mean: 1ms)", location: location),
                                      external: DistributionField(text: "exponential(mean: 40ms)", location: location))
        guard let node else { return network }
        let reader = try MappingReader(node, path: "topology.network", allowed: ["same_zone", "cross_zone", "external"])
        if let value = reader["same_zone"] { network.sameZone = try value.distribution("topology.network.same_zone") }
        if let value = reader["cross_zone"] { network.crossZone = try value.distribution("topology.network.cross_zone") }
        if let value = reader["external"] { network.external = try value.distribution("topology.network.external") }
        return network
    }

    /// Fields of the generated documents a shard key may use, per collection.
    static let shardKeyFields: [(collection: String, fields: [String])] = [
        ("compras", ["_id", "funcionId", "clienteId", "createdAt"]),
        ("funciones", ["_id", "salaId", "cineId", "peliculaId", "startsAt"]),
        ("seats", ["_id", "funcionId"]),
        ("clientes", ["_id", "usuarioId"]),
        ("usuarios", ["_id", "username"]),
        ("peliculas", ["_id"]), ("cines", ["_id", "cadenaId"]), ("salas", ["_id", "cineId"]),
        ("cadenas", ["_id"]), ("encargados", ["_id", "cineId"]),
    ]

    func decodeStore(_ node: SourceNode?, location: SourceLocation) throws(ScenarioError) -> StoreSettings {
        var store = StoreSettings(shards: 3, replicas: 3, shardKeys: [("compras", "funcionId"), ("funciones", "_id"), ("seats", "funcionId")],
                                  writeConcern: .majority,
                                  memberServiceTime: DistributionField(text: "exponential(mean: 500us)", location: location),
                                  memberWorkers: 64, memberQueueCapacity: 1024, holdStrategy: .atomic)
        guard let node else { return store }
        let reader = try MappingReader(node, path: "topology.store",
                                       allowed: ["shards", "replicas", "shard_keys", "write_concern", "service_time", "workers", "queue", "hold_strategy",
                                                "purchase_ids", "driver"])
        if let value = reader["shards"] { store.shards = try value.int("topology.store.shards", minimum: 1, maximum: 1024) }
        if let value = reader["replicas"] { store.replicas = try value.int("topology.store.replicas", minimum: 1, maximum: 50) }
        if let value = reader["write_concern"] {
            let text = try value.text("topology.store.write_concern")
            guard let concern = WriteConcern(rawValue: text) else {
                throw ScenarioError(at: value.location, "'topology.store.write_concern' cannot be '\(text)'", fix: "use 1 or majority")
            }
            store.writeConcern = concern
        }
        if let value = reader["service_time"] { store.memberServiceTime = try value.distribution("topology.store.service_time") }
        if let value = reader["workers"] { store.memberWorkers = try value.int("topology.store.workers", minimum: 1) }
        if let value = reader["queue"] { store.memberQueueCapacity = try value.int("topology.store.queue", minimum: 0) }
        if let value = reader["hold_strategy"] { store.holdStrategy = try value.choice("topology.store.hold_strategy", HoldStrategy.self) }
        if let value = reader["purchase_ids"] { store.purchaseIDs = try value.choice("topology.store.purchase_ids", PurchaseIDs.self) }
        if let value = reader["driver"] {
            let d = try MappingReader(value, path: "topology.store.driver",
                                      allowed: ["heartbeat_frequency", "rediscover_on_not_primary", "retry_writes", "server_selection_timeout", "read_preference",
                                                "socket_timeout"])
            if let v = d["heartbeat_frequency"] { store.driver.heartbeatFrequency = try v.duration("topology.store.driver.heartbeat_frequency", allowZero: false) }
            if let v = d["rediscover_on_not_primary"] { store.driver.rediscoverOnNotPrimary = try v.bool("topology.store.driver.rediscover_on_not_primary") }
            if let v = d["retry_writes"] { store.driver.retryWrites = try v.bool("topology.store.driver.retry_writes") }
            if let v = d["read_preference"] { store.driver.readPreference = try v.choice("topology.store.driver.read_preference", DriverReadPreference.self) }
            if let v = d["socket_timeout"] {
                // 0 (the drivers' default) waits forever.
                let timeout = try v.duration("topology.store.driver.socket_timeout", allowZero: true)
                store.driver.socketTimeout = timeout == .zero ? nil : timeout
            }
            if let v = d["server_selection_timeout"] {
                store.driver.serverSelectionTimeout = try v.duration("topology.store.driver.server_selection_timeout", allowZero: false)
            }
        }
        if let value = reader["shard_keys"] {
            let keys = try MappingReader(value, path: "topology.store.shard_keys", allowed: Self.shardKeyFields.map(\.collection))
            for entry in keys.all {
                let text = try entry.value.string(keys.child(entry.key))
                // `field` is a ranged key ({field: 1}); `hashed(field)` a hashed one ({field: "hashed"}).
                let isHashed = text.hasPrefix("hashed(") && text.hasSuffix(")")
                let field = isHashed ? String(text.dropFirst(7).dropLast()) : text
                let allowed = Self.shardKeyFields.first { $0.collection == entry.key }!.fields
                guard allowed.contains(field) else {
                    throw ScenarioError(at: entry.value.location, "shard key '\(field)' is not a field of '\(entry.key)'",
                                        fix: Suggestion.fix(for: field, among: allowed))
                }
                if let index = store.shardKeys.firstIndex(where: { $0.collection == entry.key }) {
                    store.shardKeys[index].field = text
                } else {
                    store.shardKeys.append((entry.key, text))
                }
            }
        }
        return store
    }

    func decodeCatalog(_ node: SourceNode?) throws(ScenarioError) -> CatalogSettings {
        var catalog = CatalogSettings(cines: 40, salasPerCine: 8, rowsPerSala: 12, seatsPerRow: 16, peliculas: 24, funcionesPerSala: 4, clientes: 100_000)
        guard let node else { return catalog }
        let reader = try MappingReader(node, path: "catalog",
                                       allowed: ["cines", "salas_per_cine", "rows_per_sala", "seats_per_row", "peliculas", "funciones_per_sala", "clientes"])
        if let v = reader["cines"] { catalog.cines = try v.int("catalog.cines", minimum: 1, maximum: 100_000) }
        if let v = reader["salas_per_cine"] { catalog.salasPerCine = try v.int("catalog.salas_per_cine", minimum: 1, maximum: 100) }
        if let v = reader["rows_per_sala"] { catalog.rowsPerSala = try v.int("catalog.rows_per_sala", minimum: 1, maximum: 100) }
        if let v = reader["seats_per_row"] { catalog.seatsPerRow = try v.int("catalog.seats_per_row", minimum: 1, maximum: 200) }
        if let v = reader["peliculas"] { catalog.peliculas = try v.int("catalog.peliculas", minimum: 1, maximum: 100_000) }
        if let v = reader["funciones_per_sala"] { catalog.funcionesPerSala = try v.int("catalog.funciones_per_sala", minimum: 1, maximum: 100) }
        if let v = reader["clientes"] { catalog.clientes = try v.int("catalog.clientes", minimum: 1, maximum: 100_000_000) }
        return catalog
    }
}
