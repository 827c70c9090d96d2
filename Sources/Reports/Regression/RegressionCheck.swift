import Telemetry

/// The comparison of one tracked metric with its baseline.
public struct RegressionFinding: Codable, Sendable, Equatable {
    public var metric: String
    public var direction: RegressionMetrics.Direction
    public var baseline: SampleEstimate
    public var current: SampleEstimate
    /// (current − baseline) / |baseline| × 100 (0 when the baseline mean is 0).
    public var changePercent: Double
    /// The tolerance band as text, e.g. `+10% (≥ 1 ms)`.
    public var tolerance: String
    public var beyondTolerance: Bool
    /// One-sided Welch p-value for "worse than baseline"; nil when either side has < 2 values.
    public var pValue: Double?
    public var significant: Bool
    /// Beyond the band **and** significant (band only when significance is not testable);
    /// always false when ``skipped``.
    public var regressed: Bool
    /// The route had fewer than ``RegressionPolicy/minimumRequests`` requests in some baseline or
    /// current replication, so the metric was not judged (the note gives the counts).
    public var skipped: Bool = false
    public var note: String

    /// `current 18.6ms vs baseline 14.6ms (+27.9%)`: both means with the metric's unit, the
    /// current one first and labelled, so a reader never has to guess which is which.
    public var comparisonText: String {
        let unit: BudgetUnit
        switch RegressionMetrics.describe(metric).1 {
        case .latency: unit = .milliseconds
        case .availability: unit = .percent
        case .throughput: unit = .perSecond
        case .sampleSize: unit = .count
        }
        func f(_ x: Double) -> String {
            unit == .milliseconds && x < 1000 ? BudgetFormat.number(x, fractionDigits: 1) + "ms" : BudgetFormat.value(x, unit: unit)
        }
        return "current \(f(current.mean)) vs baseline \(f(baseline.mean)) (\(changePercent >= 0 ? "+" : "")\(BudgetFormat.number(changePercent, fractionDigits: 1))%)"
    }
}

/// Compares current replications with a baseline: a regression is flagged only when the pooled
/// change is beyond the tolerance band **and** a one-sided Welch t-test over the per-seed values
/// says it is significant at ``RegressionPolicy/alpha`` (so seed noise never fails CI).
/// With a single value on either side there is no variance to test; then the band alone decides
/// and the finding's note says so (runs are deterministic per seed, so this cannot flake either).
public enum RegressionCheck {
    public static func compare(current: [RunSummary], baseline: Baseline, policy: RegressionPolicy = RegressionPolicy()) -> [RegressionFinding] {
        // Compare over the seeds both sides have: a one-seed check against a three-seed baseline
        // compares seed 0 with seed 0, so an unchanged build reproduces the baseline exactly and
        // passes. When the sides share no seed (or the baseline's values do not line up with its
        // seeds), every value on each side is pooled as before.
        let (selected, baseIndices) = commonSeeds(current: current, baseline: baseline)
        var byName: [String: [Double]] = [:]
        var order: [String] = []
        for s in selected {
            for m in RegressionMetrics.extract(s) {
                if byName[m.name] == nil { order.append(m.name) }
                byName[m.name, default: []].append(m.value)
            }
        }
        func baseValues(_ name: String) -> [Double]? {
            guard let all = baseline.values(name) else { return nil }
            guard let indices = baseIndices, all.count == baseline.seeds.count else { return all }
            return indices.map { all[$0] }
        }
        return order.sorted().compactMap { name in
            let kind = RegressionMetrics.describe(name).1
            guard kind != .sampleSize, let base = baseValues(name), !base.isEmpty, let values = byName[name] else { return nil }
            var finding = compare(metric: name, baseline: base, current: values, policy: policy)
            // Gate latency and availability on the route's request counts; a baseline written
            // before counts were recorded has none, and then the metric is judged as before.
            if kind == .latency || kind == .availability, let route = RegressionMetrics.route(of: name) {
                let countName = "\(route) \(RegressionMetrics.requestsSuffix)"
                if let baseCounts = baseValues(countName), let currentCounts = byName[countName],
                   let minBase = baseCounts.min(), let minCurrent = currentCounts.min() {
                    let fewest = Int(min(minBase, minCurrent))
                    // With one value on a side the band alone decides, so a tail percentile needs
                    // enough samples beyond it (RegressionPolicy.minimumTailSamples); with several
                    // seeds the Welch test guards against noise and the plain floor applies.
                    let bandOnly = base.count < 2 || values.count < 2
                    let minimum = bandOnly ? policy.minimumRequests(forMetric: name) : policy.minimumRequests
                    if fewest < minimum {
                        finding.skipped = true
                        finding.regressed = false
                        finding.note = "skipped: \(Int(minBase)) request(s) in baseline, \(Int(minCurrent)) in current (fewest per replication) < minimum \(minimum)"
                            + (minimum > policy.minimumRequests ? " for this percentile with one seed (\(policy.minimumTailSamples) samples beyond it)" : "")
                    }
                }
            }
            return finding
        }
    }

    /// The current replications and baseline value indices to compare: those of the seeds both
    /// sides have, in the baseline's seed order; or every replication and nil (all baseline values)
    /// when the sides share no seed.
    static func commonSeeds(current: [RunSummary], baseline: Baseline) -> ([RunSummary], [Int]?) {
        var pairs: [(RunSummary, Int)] = []
        for (index, seed) in baseline.seeds.enumerated() {
            if let run = current.first(where: { $0.replay.seed == seed }) { pairs.append((run, index)) }
        }
        guard !pairs.isEmpty else { return (current, nil) }
        return (pairs.map(\.0), pairs.map(\.1))
    }

    /// One metric: `baseline` and `current` hold one value per seed.
    public static func compare(metric: String, baseline: [Double], current: [Double], policy: RegressionPolicy = RegressionPolicy()) -> RegressionFinding {
        let (direction, kind) = RegressionMetrics.describe(metric)
        let b = SampleEstimate(baseline, confidenceLevel: policy.confidenceLevel)
        let c = SampleEstimate(current, confidenceLevel: policy.confidenceLevel)
        let worsening = direction == .lowerIsBetter ? c.mean - b.mean : b.mean - c.mean
        let beyond = worsening > policy.band(kind, base: b.mean)
        let test = direction == .lowerIsBetter ? Statistics.welch(baseline, current) : Statistics.welch(current, baseline)
        let p = test?.pGreater
        let significant = p.map { $0 < policy.alpha } ?? false
        let regressed = beyond && (p == nil || significant)
        var note: String
        if p == nil {
            note = "significance not testable with \(min(b.count, c.count)) replication(s); tolerance band only"
        } else if beyond && !significant {
            note = "beyond the band but not significant (p = \(BudgetFormat.number(p!, fractionDigits: 4)) ≥ α = \(BudgetFormat.number(policy.alpha))): seed noise"
        } else if regressed {
            note = "regressed: beyond the band and significant (p = \(BudgetFormat.number(p!, fractionDigits: 4)))"
        } else {
            note = worsening < 0 ? "improved or unchanged" : "within the band"
        }
        let change = b.mean == 0 ? 0 : (c.mean - b.mean) / abs(b.mean) * 100
        return RegressionFinding(metric: metric, direction: direction, baseline: b, current: c, changePercent: change,
                                 tolerance: policy.bandText(kind), beyondTolerance: beyond, pValue: p,
                                 significant: significant, regressed: regressed, note: note)
    }
}
