import Foundation
import SimulationPrimitives

extension ScenarioDecoder {
    static let workloadKeys = ["model", "arrivals", "start_rate", "stages", "spikes", "trace", "users", "think_time", "mix",
                               "flash_sale", "client_timeout", "retry", "attackers", "edge_affinity"]

    func decodeWorkload(_ node: SourceNode?, file: String) throws(ScenarioError) -> Workload {
        let location = node?.location ?? defaultsFileLocation
        var w = Workload(model: .open, arrivals: .poisson, startRate: Rate(perSecond: 0), stages: [], spikes: [], trace: [],
                         users: 0, thinkTime: DistributionField(text: "exponential(mean: 2s)", location: location),
                         mix: [(.browse, 0.70), (.buy, 0.24), (.share, 0.05), (.manage, 0.01)],   // cases/failure-cases.md load shapes: 70 % reads
                         flashSale: nil, clientTimeout: .seconds(30),
                         retry: ClientRetry(probability: 0, maxRetries: 0, backoff: .seconds(1)), attackerShare: 0,
                         attackerKinds: AttackerKind.allCases)
        guard let node else {
            throw ScenarioError(at: location, "the scenario has no 'workload'", fix: "add 'workload:' with 'stages:' (open model) or 'users:' (closed model)")
        }
        let r = try MappingReader(node, path: "workload", allowed: Self.workloadKeys)
        if let v = r["model"] { w.model = try v.choice("workload.model", Workload.Model.self) }
        if let v = r["arrivals"] { w.arrivals = try v.choice("workload.arrivals", Workload.Arrivals.self) }
        if let v = r["start_rate"] { w.startRate = try v.rate("workload.start_rate") }
        if let v = r["stages"] {
            guard case .sequence(let items, _) = v else {
                throw ScenarioError(at: v.location, "'workload.stages' must be a list", fix: "write '- {duration: 1m, target: 500/s}' lines")
            }
            for (index, item) in items.enumerated() {
                let stage = try MappingReader(item, path: "workload.stages.\(index)", allowed: ["duration", "target"])
                let duration = try stage.required("duration", hint: "add e.g. 'duration: 1m'").duration(stage.child("duration"))
                let target = try stage.required("target", hint: "add e.g. 'target: 500/s'").rate(stage.child("target"))
                w.stages.append(Stage(duration: duration, target: target))
            }
        }
        if let v = r["spikes"] {
            guard case .sequence(let items, _) = v else { throw ScenarioError(at: v.location, "'workload.spikes' must be a list") }
            for (index, item) in items.enumerated() {
                let spike = try MappingReader(item, path: "workload.spikes.\(index)", allowed: ["at", "for", "extra"])
                w.spikes.append(Spike(at: try spike.required("at", hint: "add 'at: 2m'").duration(spike.child("at")),
                                      duration: try spike.required("for", hint: "add 'for: 30s'").duration(spike.child("for"), allowZero: false),
                                      extra: try spike.required("extra", hint: "add 'extra: 1000/s'").rate(spike.child("extra"))))
            }
        }
        if let v = r["trace"] { w.trace = try readTrace(v, scenarioFile: file) }
        if let v = r["users"] { w.users = try v.int("workload.users", minimum: 0, maximum: 10_000_000) }
        if let v = r["think_time"] { w.thinkTime = try v.distribution("workload.think_time") }
        if let v = r["mix"] {
            let mix = try MappingReader(v, path: "workload.mix", allowed: Journey.allCases.map(\.mixKey))
            var weights: [(Journey, Double)] = []
            var percents = 0
            for journey in Journey.allCases {
                guard let weightNode = mix[journey.mixKey] else { continue }
                let text = try weightNode.text(mix.child(journey.mixKey))
                if text.hasSuffix("%") { percents += 1 }
                let weight = text.hasSuffix("%") ? try weightNode.percent(mix.child(journey.mixKey)) : try weightNode.double(mix.child(journey.mixKey), minimum: 0)
                weights.append((journey, weight))
            }
            let total = weights.reduce(0) { $0 + $1.1 }
            guard total > 0 else { throw ScenarioError(at: v.location, "'workload.mix' weights add up to 0", fix: "give at least one journey a weight, e.g. browse: 70%") }
            // Shares written as percentages must add up to 100 % (0.05-point tolerance for
            // rounding); plain numbers are relative weights and are normalised.
            if percents > 0 {
                guard percents == weights.count else {
                    throw ScenarioError(at: v.location, "'workload.mix' mixes percentages and plain weights",
                                        fix: "write every share in % (adding up to 100%) or every share as a plain relative weight")
                }
                guard abs(total - 1) <= 0.0005 else {
                    let sum = (total * 10_000).rounded() / 100
                    throw ScenarioError(at: v.location, "'workload.mix' shares add up to \(sum)%, not 100%",
                                        fix: "make the percentages add up to 100%, e.g. {browse: 70%, buy: 24%, share: 5%, manage: 1%}")
                }
            }
            w.mix = weights.map { ($0.0, $0.1 / total) }
        }
        if let v = r["flash_sale"] {
            let f = try MappingReader(v, path: "workload.flash_sale", allowed: ["share", "opens_at"])
            w.flashSale = FlashSale(share: try f.required("share", hint: "add e.g. 'share: 60%'").percent("workload.flash_sale.share"),
                                    opensAt: try f["opens_at"]?.duration("workload.flash_sale.opens_at") ?? .zero)
        }
        if let v = r["client_timeout"] { w.clientTimeout = try v.duration("workload.client_timeout", allowZero: false) }
        if let v = r["edge_affinity"] { w.edgeAffinity = try v.choice("workload.edge_affinity", Workload.EdgeAffinity.self) }
        if let v = r["retry"] {
            let rr = try MappingReader(v, path: "workload.retry", allowed: ["probability", "max", "backoff"])
            if let p = rr["probability"] { w.retry.probability = try p.percent("workload.retry.probability") }
            if let m = rr["max"] { w.retry.maxRetries = try m.int("workload.retry.max", minimum: 0, maximum: 10) }
            if let b = rr["backoff"] { w.retry.backoff = try b.duration("workload.retry.backoff") }
        }
        if let v = r["attackers"] {
            let a = try MappingReader(v, path: "workload.attackers", allowed: ["share", "kinds"])
            if let s = a["share"] { w.attackerShare = try s.percent("workload.attackers.share") }
            if let k = a["kinds"] {
                w.attackerKinds = []
                for name in try k.stringList("workload.attackers.kinds") {
                    guard let kind = AttackerKind(rawValue: name) else {
                        throw ScenarioError(at: k.location, "unknown attacker kind '\(name)'", fix: Suggestion.fix(for: name, among: AttackerKind.allCases.map(\.rawValue)))
                    }
                    w.attackerKinds.append(kind)
                }
            }
        }
        switch w.model {
        case .open:
            if w.stages.isEmpty && w.trace.isEmpty && w.startRate.perSecond == 0 {
                throw ScenarioError(at: node.location, "the open workload sends nothing: no 'stages', 'trace' or 'start_rate'",
                                    fix: "add e.g. 'stages: [{duration: 1m, target: 100/s}]'")
            }
            if r["users"] != nil { throw ScenarioError(at: r["users"]!.location, "'users' belongs to the closed model", fix: "set 'model: closed' or remove 'users'") }
        case .closed:
            if w.users == 0 { throw ScenarioError(at: node.location, "the closed workload has no users", fix: "add e.g. 'users: 200'") }
        }
        return w
    }

    /// Reads an arrival-rate trace CSV (`seconds,rate_per_second` lines, MiSim's `limbo` form).
    func readTrace(_ node: SourceNode, scenarioFile: String) throws(ScenarioError) -> [(atSeconds: Double, perSecond: Double)] {
        let name = try node.string("workload.trace")
        let directory = (scenarioFile as NSString).deletingLastPathComponent
        let path = name.hasPrefix("/") ? name : (directory.isEmpty ? name : directory + "/" + name)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ScenarioError(at: node.location, "cannot read the trace file '\(name)'", fix: "paths are relative to the scenario file's folder")
        }
        var points: [(Double, Double)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cells = trimmed.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 2, let t = Double(cells[0]), let rate = Double(cells[1]) else {
                if index == 0 { continue }   // header line
                throw ScenarioError(file: path, line: index + 1, column: 1, message: "trace line is not 'seconds,rate': '\(trimmed)'")
            }
            guard rate >= 0, t >= (points.last?.0 ?? 0) else {
                throw ScenarioError(file: path, line: index + 1, column: 1, message: "trace times must increase and rates be ≥ 0")
            }
            points.append((t, rate))
        }
        if points.isEmpty { throw ScenarioError(at: node.location, "the trace file '\(name)' holds no points") }
        return points
    }
}
