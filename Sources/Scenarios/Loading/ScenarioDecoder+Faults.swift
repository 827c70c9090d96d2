import SimulationPrimitives

extension ScenarioDecoder {
    static let faultKeys = ["kind", "target", "at", "for", "latency", "jitter", "rate", "status", "peer", "one_way", "skew",
                            "factor", "value", "appender", "rate_limit"]

    /// Names a fault may target: instances (`compra-command-2`), services and components, zones,
    /// shards (`shard-1`), shard members (`shard-1-member-2`), external APIs.
    static func faultTargets(_ topology: Topology) -> [String] {
        var names: [String] = topology.zones
        for kind in InfrastructureKind.allCases {
            let settings = topology.infrastructure[kind]!
            names.append(kind.rawValue)
            for i in 1...max(settings.instances, 1) where settings.instances > 0 { names.append("\(kind.rawValue)-\(i)") }
        }
        for service in topology.services {
            names.append(service.id)
            for i in 1...service.node.instances { names.append("\(service.id)-\(i)") }
        }
        for shard in 1...topology.store.shards {
            names.append("shard-\(shard)")
            for member in 1...topology.store.replicas { names.append("shard-\(shard)-member-\(member)") }
        }
        return names + topology.externals.map(\.name)
    }

    /// The faults of the run, and those left out because they start at or after the run's end.
    /// A fault starting after the end is a located error when the file sets the duration, and a
    /// warning ("never starts in this run") when `durationIsOverride` (a `--duration` or `--set
    /// duration=` shortened the run): a fault scenario can then be run short, as CI smoke checks do.
    mutating func decodeFaults(_ node: SourceNode?, topology: Topology, duration: SimDuration,
                               durationIsOverride: Bool = false) throws(ScenarioError) -> ([FaultSpec], [FaultSpec]) {
        guard let node else { return ([], []) }
        guard case .sequence(let items, _) = node else {
            throw ScenarioError(at: node.location, "'faults' must be a list", fix: "write '- {kind: instance-crash, target: compra-command-2, at: 2m}' lines")
        }
        let targets = Self.faultTargets(topology)
        var faults: [FaultSpec] = []
        var notStarting: [FaultSpec] = []
        for (index, item) in items.enumerated() {
            // Each fault is checked on its own, so `cinesim validate` can report every bad item.
            let fault: FaultSpec
            do { fault = try decodeFault(item, index: index, topology: topology, targets: targets, duration: duration, durationIsOverride: durationIsOverride) }
            catch { try record(error); continue }
            let on = fault.parameters.peer.isEmpty ? fault.target : "\(fault.target)\(fault.parameters.oneWay ? " → " : " ↔ ")\(fault.parameters.peer)"
            if fault.at >= duration {
                warnings.append("fault \(fault.kind.rawValue) on \(on) at \(fault.at) never starts in this run (it ends at \(duration)): left out")
                notStarting.append(fault)
            } else {
                if let lasts = fault.duration, fault.at + lasts > duration {
                    warnings.append("fault \(fault.kind.rawValue) on \(on) from \(fault.at) for \(lasts) is still active when this run ends at \(duration): reported as lasting to the end, its recovery not measured")
                }
                faults.append(fault)
            }
        }
        return (faults, notStarting)
    }

    /// One `faults:` item.
    func decodeFault(_ item: SourceNode, index: Int, topology: Topology, targets: [String], duration: SimDuration,
                     durationIsOverride: Bool) throws(ScenarioError) -> FaultSpec {
        let path = "faults.\(index)"
        let r = try MappingReader(item, path: path, allowed: Self.faultKeys)
        let kind = try r.required("kind", hint: "add e.g. 'kind: instance-crash'").choice(r.child("kind"), FaultKind.self)
        let at = try r.required("at", hint: "add e.g. 'at: 2m'").duration(r.child("at"))
        if at >= duration && !durationIsOverride {
            throw ScenarioError(at: r["at"]!.location, "fault starts at \(at), after the run ends (\(duration))", fix: "start it before 'duration'")
        }
        let length = try r["for"]?.duration(r.child("for"), allowZero: false)
        var parameters = FaultParameters()
        let targetNode = try r.required("target", hint: kind == .configPush ? "add the property key, e.g. 'target: hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds'" : "add e.g. 'target: compra-command-2'")
        let target = try targetNode.string(r.child("target"))
        if kind == .configPush {
            parameters.value = try r.required("value", hint: "add the pushed value, e.g. 'value: 100'").text(r.child("value"))
            // The pushed key must be a real, modelled library key; a bad value is allowed on purpose.
            var scratch = ResilienceSettings(hystrix: ScenarioDefaults.hystrix(.springCloud), ribbon: ScenarioDefaults.ribbon(.springCloud),
                                             eureka: ScenarioDefaults.eureka, gateway: ScenarioDefaults.gateway, oauth: ScenarioDefaults.oauth, perService: [])
            let modelled = (try? PropertyApplier.apply(key: target, value: parameters.value, location: targetNode.location, to: &scratch)) ?? true
            if !modelled {
                throw ScenarioError(at: targetNode.location, "config push of '\(target)', which cinesim does not model",
                                    fix: "push a Hystrix, Ribbon, Eureka or Zuul key listed in docs/scenario-format.md")
            }
        } else if kind == .partition {
            guard topology.zones.contains(target) || targets.contains(target) else {
                throw ScenarioError(at: targetNode.location, "partition target '\(target)' is not a zone or node", fix: Suggestion.fix(for: target, among: topology.zones))
            }
            let peerNode = try r.required("peer", hint: "add the other side, e.g. 'peer: zone-b'")
            parameters.peer = try peerNode.string(r.child("peer"))
            guard topology.zones.contains(parameters.peer) || targets.contains(parameters.peer) else {
                throw ScenarioError(at: peerNode.location, "partition peer '\(parameters.peer)' is not a zone or node", fix: Suggestion.fix(for: parameters.peer, among: topology.zones))
            }
            if let v = r["one_way"] { parameters.oneWay = try v.bool(r.child("one_way")) }
        } else {
            guard targets.contains(target) else {
                throw ScenarioError(at: targetNode.location, "fault target '\(target)' is not an instance, component, zone, shard or external API of this topology",
                                    fix: Suggestion.fix(for: target, among: targets))
            }
            if kind == .zoneOutage && !topology.zones.contains(target) {
                throw ScenarioError(at: targetNode.location, "zone-outage needs a zone, found '\(target)'", fix: Suggestion.fix(for: target, among: topology.zones))
            }
            if (kind == .externalOutage || kind == .externalRateLimit) && !ServiceCatalog.externalAPIs.contains(target) {
                throw ScenarioError(at: targetNode.location, "\(kind.rawValue) needs an external API, found '\(target)'", fix: "use one of: " + ServiceCatalog.externalAPIs.joined(separator: ", "))
            }
            if (kind == .shardSlowdown || kind == .primaryStepDown) && !target.hasPrefix("shard-") {
                throw ScenarioError(at: targetNode.location, "\(kind.rawValue) needs a shard, e.g. 'shard-1', found '\(target)'")
            }
        }
        if let v = r["latency"] { parameters.latency = try v.duration(r.child("latency")) }
        if let v = r["jitter"] { parameters.jitter = try v.duration(r.child("jitter")) }
        if let v = r["rate"] { parameters.errorRate = try v.percent(r.child("rate")) }
        if let v = r["status"] { parameters.status = try v.int(r.child("status"), minimum: 100, maximum: 599) }
        if let v = r["skew"] {
            let text = try v.text(r.child("skew"))
            let negative = text.hasPrefix("-")
            let magnitude = try SourceNode.scalar(negative ? String(text.dropFirst()) : text, v.location).duration(r.child("skew"))
            parameters.skew = negative ? -magnitude : magnitude
        }
        if let v = r["factor"] { parameters.factor = try v.double(r.child("factor"), minimum: 1) }
        if let v = r["appender"] {
            switch try v.text(r.child("appender")) {
            case "blocking": parameters.blockingAppender = true
            case "dropping": parameters.blockingAppender = false
            case let other: throw ScenarioError(at: v.location, "appender cannot be '\(other)'", fix: "use blocking or dropping")
            }
        }
        if let v = r["rate_limit"] { parameters.rateLimit = try v.rate(r.child("rate_limit")) }
        switch kind {
        case .latency where parameters.latency == .zero && parameters.jitter == .zero:
            throw ScenarioError(at: item.location, "a latency fault needs 'latency' (and optionally 'jitter')", fix: "add e.g. 'latency: 200ms'")
        case .errors where parameters.errorRate == 0:
            throw ScenarioError(at: item.location, "an errors fault needs 'rate'", fix: "add e.g. 'rate: 50%'")
        case .clockSkew where parameters.skew == .zero:
            throw ScenarioError(at: item.location, "a clock-skew fault needs 'skew'", fix: "add e.g. 'skew: 5m' or 'skew: -2m'")
        case .shardSlowdown, .oauthSlowdown:
            if parameters.factor == 1 && parameters.latency == .zero {
                throw ScenarioError(at: item.location, "a slowdown needs 'factor' or 'latency'", fix: "add e.g. 'factor: 10'")
            }
        case .externalRateLimit where parameters.rateLimit == nil:
            throw ScenarioError(at: item.location, "an external-rate-limit fault needs 'rate_limit'", fix: "add e.g. 'rate_limit: 10/s'")
        default: break
        }
        return FaultSpec(kind: kind, target: target, at: at, duration: length, parameters: parameters, location: item.location)
    }
}
