import Foundation
import Telemetry

/// `cinesim diff a.json b.json`: the tracked numbers of two summaries side by side
/// (``RegressionMetrics`` plus request counts, throughput and budget verdicts), as a terminal
/// table or JSON. The `engine` block is ignored (wall-clock facts).
public struct SummaryDiff: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var metric: String
        public var a: Double?
        public var b: Double?
        /// b − a, when both exist.
        public var delta: Double?
        /// (b − a) / |a| × 100, when both exist and a ≠ 0.
        public var deltaPercent: Double?
        /// `better`, `worse`, `same` or `changed` (no preferred direction), or `only in a/b`.
        public var assessment: String
        /// For regression-tracked metrics (latency percentiles, availability, seats sold/s) under
        /// the default ``RegressionPolicy``: `beyond band` (b worse than a beyond the tolerance band:
        /// what `--fail-on-regression` fails on), `within band`, or `not judged: …` (too few
        /// requests for this percentile); nil for untracked rows.
        public var band: String?
    }
    public var a: String
    public var b: String
    public var rows: [Row]
    /// Why the two runs may not be comparable (different duration, warm-up, scenario file or
    /// overrides): printed above the table, so a longer run's larger counts are not read as a change
    /// of behaviour. Empty when the shapes match.
    public var warnings: [String] = []

    /// The differences of run shape between `a` and `b` (see ``warnings``).
    public static func shapeWarnings(_ a: RunSummary, _ b: RunSummary) -> [String] {
        var out: [String] = []
        func t(_ seconds: Double) -> String { FaultImpact.clock(seconds) }
        if a.scenario.name != b.scenario.name { out.append("different scenarios: a is '\(a.scenario.name)', b is '\(b.scenario.name)'") }
        if a.window.durationSeconds != b.window.durationSeconds {
            out.append("different durations: a ran \(t(a.window.durationSeconds)), b ran \(t(b.window.durationSeconds))"
                       + (a.aborted != nil || b.aborted != nil ? " (an abortOnFail stop)" : "")
                       + ": counts and totals (count, seats sold, platform counters) differ by length; compare the rates (throughput_per_s, seats sold_per_s)")
        }
        if a.window.warmupSeconds != b.window.warmupSeconds {
            out.append("different warm-ups: a \(t(a.window.warmupSeconds)), b \(t(b.window.warmupSeconds)): the measured windows differ")
        }
        if a.scenario.fileHash != b.scenario.fileHash, a.scenario.name == b.scenario.name {
            out.append("different scenario files: hash a \(a.scenario.fileHash), b \(b.scenario.fileHash) (the scenario or a file it extends changed)")
        }
        let oa = Baseline.shapeOverrides(a), ob = Baseline.shapeOverrides(b)
        if oa != ob {
            func list(_ o: [String]) -> String { o.isEmpty ? "none" : o.joined(separator: " ") }
            out.append("different overrides (seed aside): a \(list(oa)), b \(list(ob))")
        }
        if a.replay.seed != b.replay.seed {
            out.append("different seeds: a \(a.replay.seed), b \(b.replay.seed): seed-to-seed variation is expected, so judge rows by their bands")
        }
        return out
    }

    public static func compare(_ a: RunSummary, _ b: RunSummary, nameA: String, nameB: String) -> SummaryDiff {
        func metrics(_ s: RunSummary) -> [(String, Double, RegressionMetrics.Direction?)] {
            // Request counts appear below as `count`; the regression check's `requests` twin is left out.
            var out = RegressionMetrics.extract(s).filter { $0.kind != .sampleSize }.map { ($0.name, $0.value, Optional($0.direction)) }
            for r in s.routes where r.kind != .service {
                out.append(("\(r.name) count", Double(r.count), nil))
                out.append(("\(r.name) throughput_per_s", r.throughputPerSecond, RegressionMetrics.Direction.higherIsBetter))
            }
            // A total grows with the run's length: no direction (the rate `seats sold_per_s` has one).
            out.append(("seats sold", Double(s.seats.sold), nil))
            out.append(("seats oversold", Double(s.seats.oversold), .lowerIsBetter))
            for m in s.platformMetrics { out.append(("platform \(m.name)", m.value, nil)) }
            for v in s.budgets where !v.isSkipped {
                let label = "budget \(v.target): \(v.expression)\(v.window.map { " during \($0)" } ?? "")"
                out.append(("\(label) passed", v.passed ? 1 : 0, .higherIsBetter))
                // The observed value (canonical unit: a rate as a fraction, latency in ms): an upper
                // limit (`<`) prefers lower values, a lower limit (`>`) higher ones.
                let direction: RegressionMetrics.Direction? = v.expression.contains("<") ? .lowerIsBetter : v.expression.contains(">") ? .higherIsBetter : nil
                out.append(("\(label) observed", v.observedValue, direction))
            }
            return out
        }
        let ma = metrics(a), mb = metrics(b)
        var names = ma.map(\.0)
        for m in mb where !names.contains(m.0) { names.append(m.0) }
        let rows: [Row] = names.sorted().map { name in
            let x = ma.first { $0.0 == name }, y = mb.first { $0.0 == name }
            guard let x, let y else {
                return Row(metric: name, a: x?.1, b: y?.1, delta: nil, deltaPercent: nil, assessment: x == nil ? "only in b" : "only in a")
            }
            let delta = y.1 - x.1
            let assessment: String
            if delta == 0 { assessment = "same" }
            else if let d = x.2 ?? y.2 { assessment = (d == .lowerIsBetter) == (delta < 0) ? "better" : "worse" }
            else { assessment = "changed" }
            return Row(metric: name, a: x.1, b: y.1, delta: delta, deltaPercent: x.1 == 0 ? nil : delta / abs(x.1) * 100, assessment: assessment)
        }
        var diff = SummaryDiff(a: nameA, b: nameB, rows: rows, warnings: shapeWarnings(a, b))
        let policy = RegressionPolicy()
        for i in diff.rows.indices {
            switch diff.judge(diff.rows[i], policy: policy) {
            case .untracked: break
            case .notJudged(let n, let minimum): diff.rows[i].band = "not judged: \(n) < \(minimum) requests"
            case .within: diff.rows[i].band = "within band"
            case .beyond: diff.rows[i].band = "beyond band"
            }
        }
        return diff
    }

    enum Judgement: Equatable { case untracked, notJudged(requests: Int, minimum: Int), within, beyond }

    /// How `row` fares under `policy` (see ``regressions(policy:)``).
    func judge(_ row: Row, policy: RegressionPolicy) -> Judgement {
        guard let a = row.a, let b = row.b else { return .untracked }
        let (direction, kind) = RegressionMetrics.describe(row.metric)
        let lastWord = row.metric.split(separator: " ").last.map(String.init) ?? ""
        let tracked = !row.metric.hasPrefix("platform ") && !row.metric.hasPrefix("budget ")
            && (["p50_ms", "p95_ms", "p99_ms", "availability_percent"].contains(lastWord) || row.metric == "seats sold_per_s")
        guard tracked, kind != .sampleSize else { return .untracked }
        if kind == .latency || kind == .availability, let route = RegressionMetrics.route(of: row.metric) {
            let counts = rows.first { $0.metric == "\(route) count" }
            let minimum = policy.minimumRequests(forMetric: row.metric)
            if let ca = counts?.a, let cb = counts?.b, min(ca, cb) < Double(minimum) { return .notJudged(requests: Int(min(ca, cb)), minimum: minimum) }
        }
        let worsening = direction == .lowerIsBetter ? b - a : a - b
        return worsening > policy.band(kind, base: a) ? .beyond : .within
    }

    /// Rows of regression-tracked metrics (``RegressionMetrics``) where b is worse than a by more
    /// than `policy`'s tolerance band (``RegressionPolicy/band``, e.g. latency +10 % and ≥ 1 ms).
    /// A route's rows count only when the route served enough requests in both summaries for that
    /// metric: ``RegressionPolicy/minimumRequests(forMetric:)`` — 200 for p50 and availability,
    /// 2,000 for p95, 10,000 for p99 (100 requests beyond the percentile), because a diff compares
    /// one run per side and the band alone decides.
    /// `cinesim diff --fail-on-regression` exits 1 when this is non-empty.
    public func regressions(policy: RegressionPolicy = RegressionPolicy()) -> [Row] {
        rows.filter { judge($0, policy: policy) == .beyond }
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// A fixed-width table; `onlyChanged` hides rows that are the same.
    public func table(onlyChanged: Bool = false) -> String {
        let shown = rows.filter { !onlyChanged || $0.assessment != "same" }
        let warningLines = warnings.map { "warning: \($0)\n" }.joined()
        if shown.isEmpty { return "a = \(a)\nb = \(b)\n" + warningLines + "no differences in \(rows.count) compared numbers\n" }
        func f(_ x: Double?) -> String { x.map { BudgetFormat.number($0) } ?? "–" }
        let header = ["metric", "a", "b", "Δ", "Δ%", "", "regression band"]
        var cells = shown.map { r in
            [r.metric, f(r.a), f(r.b), f(r.delta), r.deltaPercent.map { ($0 >= 0 ? "+" : "") + BudgetFormat.number($0, fractionDigits: 1) + "%" } ?? "–", r.assessment,
             r.band.map { $0 == "beyond band" ? "✗ beyond band" : $0 } ?? ""]
        }
        cells.insert(header, at: 0)
        let widths = (0..<header.count).map { c in cells.map { $0[c].count }.max() ?? 0 }
        var out = "a = \(a)\nb = \(b)\n" + warningLines
        for (i, row) in cells.enumerated() {
            var line = row.enumerated().map { c, text in
                c == 0 || c == header.count - 1 ? text.padding(toLength: widths[c], withPad: " ", startingAt: 0) : String(repeating: " ", count: widths[c] - text.count) + text
            }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
            if i == 0 { out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n" }
        }
        return out
    }
}
