import Scenarios
import SimulationPrimitives
import Telemetry

/// Writes an explore seed's fault timeline as a scenario file that `extends:` the explored one, so
/// `cinesim run <file>` reproduces the seed's run (docs/sweeps.md "explore").
///
/// Lists replace on `extends:` (docs/scenario-format.md), so the file lists the base scenario's own
/// faults first, then the generated ones.
public enum ExploreScenarioFile {
    /// The file's text. `extends` is the explored scenario's path (absolute, so the file can live
    /// anywhere); `name` names the reports folder.
    public static func text(extends base: String, name: String, seed: UInt64, faults: [FaultSpec], comment: String) -> String {
        var out = comment.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n") + "\n"
        out += "extends: \(quoted(base))\nname: \(name)\nseed: \(seed)\n"
        out += faults.isEmpty ? "faults: []\n" : "faults:\n" + faults.map { "  - " + flowMapping($0) + "\n" }.joined()
        return out
    }

    /// One fault as a YAML flow mapping with only the keys its kind uses, e.g.
    /// `{kind: latency, target: "funcion-query", at: 2m, for: 1m, latency: 200ms, jitter: 50ms}`.
    public static func flowMapping(_ f: FaultSpec) -> String {
        let p = f.parameters
        var items = ["kind: \(f.kind.rawValue)", "target: \(quoted(f.target))", "at: \(DurationFormat.format(f.at))"]
        if let d = f.duration { items.append("for: \(DurationFormat.format(d))") }
        switch f.kind {
        case .partition:
            items.append("peer: \(quoted(p.peer))")
            if p.oneWay { items.append("one_way: true") }
        case .latency:
            if p.latency != .zero { items.append("latency: \(DurationFormat.format(p.latency))") }
            if p.jitter != .zero { items.append("jitter: \(DurationFormat.format(p.jitter))") }
        case .errors:
            items.append("rate: \(BudgetFormat.number(p.errorRate * 100, fractionDigits: 4))%")
            items.append("status: \(p.status)")
        case .shardSlowdown, .oauthSlowdown:
            if p.factor != 1 { items.append("factor: \(BudgetFormat.number(p.factor, fractionDigits: 6))") }
            if p.latency != .zero { items.append("latency: \(DurationFormat.format(p.latency))") }
        case .clockSkew:
            let magnitude = DurationFormat.format(p.skew < .zero ? .zero - p.skew : p.skew)
            items.append("skew: \(quoted(p.skew < .zero ? "-" + magnitude : magnitude))")
        case .configPush:
            items.append("value: \(quoted(p.value))")
        case .logStall:
            items.append("appender: \(p.blockingAppender ? "blocking" : "dropping")")
        case .externalRateLimit:
            if let rate = p.rateLimit { items.append("rate_limit: \(BudgetFormat.number(rate.perSecond, fractionDigits: 6))/s") }
        default:
            break
        }
        return "{" + items.joined(separator: ", ") + "}"
    }

    /// A YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
