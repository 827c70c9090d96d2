/// One parsed k6-style budget expression: an aggregation, a comparison and a threshold
/// (reference/loadtest-chaos.md §1 "Thresholds").
///
/// ```swift
/// let e = try BudgetExpression.parse("p(99)<800ms")
/// e.aggregate   // .percentile(99)
/// e.threshold   // 800 (milliseconds: latency thresholds are normalised to ms, k6's unit)
/// ```
///
/// Thresholds are normalised to the metric's canonical unit (``BudgetAggregate/unit``):
/// latency in milliseconds (a bare number is ms, as in k6), `rate` as a fraction 0…1 (`1%` is
/// 0.01), `availability` in percent, `throughput` per second, `recovery` in seconds.
public struct BudgetExpression: Sendable, Equatable {
    public var aggregate: BudgetAggregate
    public var comparison: BudgetComparison
    /// The threshold in the aggregate's canonical unit.
    public var threshold: Double
    /// The expression as written (trimmed).
    public var text: String
    /// The threshold was written in percent (`rate<5%`): observed values are shown in percent too
    /// (`13.47%`, not `0.1347`).
    public var writtenInPercent: Bool

    public init(aggregate: BudgetAggregate, comparison: BudgetComparison, threshold: Double, text: String, writtenInPercent: Bool = false) {
        self.aggregate = aggregate; self.comparison = comparison; self.threshold = threshold; self.text = text
        self.writtenInPercent = writtenInPercent
    }

    /// `observed` (canonical unit) as text in the threshold's unit: `412.3ms`, `13.47%` for a
    /// `rate<5%` budget, `0.1347` for `rate<0.05`.
    public func format(_ observed: Double) -> String {
        if writtenInPercent, aggregate.unit == .fraction { return BudgetFormat.value(observed * 100, unit: .percent) }
        return BudgetFormat.value(observed, unit: aggregate.unit)
    }

    /// Whether `observed` (in the canonical unit) satisfies the expression.
    public func isSatisfied(by observed: Double) -> Bool { comparison.holds(observed, threshold) }
}

/// What a budget aggregates. Route aggregations come from k6's Trend/Rate/Counter metrics;
/// `availability`, `throughput` and `recovery` are cinesim additions (DESIGN §4 budgets).
public enum BudgetAggregate: Sendable, Hashable {
    /// `p(N)` latency percentile, N in 0…100 (`p(99.9)`); `med` is `p(50)`.
    case percentile(Double)
    /// `avg`, `min`, `max` latency.
    case mean, minimum, maximum
    /// `rate`: share of requests that failed (not success and not degraded), as a fraction.
    case errorRate
    /// `availability`: share served (success or degraded by a fallback), in percent.
    case availability
    /// `count`: completed requests.
    case count
    /// `throughput`: completed requests per second.
    case throughput
    /// `recovery` or `recovery(<fault kind or target>)`: seconds from a fault's end until the
    /// target is back within its other budgets (worst over the matching faults).
    case recovery(faultSelector: String?)
    /// A named platform metric (`oversold`, `seats_sold_per_s`, …); a bare comparison such as
    /// `==0` names the budget's target itself, like k6's Gauge `value`.
    case platformMetric(String?)

    /// The canonical unit thresholds and observations are expressed in.
    public var unit: BudgetUnit {
        switch self {
        case .percentile, .mean, .minimum, .maximum: return .milliseconds
        case .errorRate: return .fraction
        case .availability: return .percent
        case .count: return .count
        case .throughput: return .perSecond
        case .recovery: return .seconds
        case .platformMetric: return .plain
        }
    }

    /// The metric a ``BudgetMetricSource`` is asked for (nil for `recovery`, which the evaluator
    /// derives from the target's other budgets).
    public func metric(target: String) -> BudgetMetric? {
        switch self {
        case .percentile(let p): return .latencyPercentile(p)
        case .mean: return .latencyMean
        case .minimum: return .latencyMin
        case .maximum: return .latencyMax
        case .errorRate: return .errorRate
        case .availability: return .availabilityPercent
        case .count: return .count
        case .throughput: return .throughputPerSecond
        case .recovery: return nil
        case .platformMetric(let name): return .platform(name ?? target)
        }
    }
}

/// Canonical units of budget values.
public enum BudgetUnit: String, Sendable {
    case milliseconds, fraction, percent, count, perSecond, seconds, plain
}

/// k6 threshold operators (`> >= < <= == === !=`); `===` is treated as `==`.
public enum BudgetComparison: String, Sendable, CaseIterable {
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="

    /// `lhs op rhs`.
    public func holds(_ lhs: Double, _ rhs: Double) -> Bool {
        switch self {
        case .less: return lhs < rhs
        case .lessOrEqual: return lhs <= rhs
        case .greater: return lhs > rhs
        case .greaterOrEqual: return lhs >= rhs
        case .equal: return lhs == rhs
        case .notEqual: return lhs != rhs
        }
    }

    /// Whether larger observed values are worse (for `<`/`<=` budgets); nil for `==`/`!=`.
    public var largerIsWorse: Bool? {
        switch self {
        case .less, .lessOrEqual: return true
        case .greater, .greaterOrEqual: return false
        case .equal, .notEqual: return nil
        }
    }
}

/// The quantity a ``BudgetMetricSource`` measures, in canonical units (latency ms, rate fraction,
/// availability percent, throughput per second).
public enum BudgetMetric: Sendable, Hashable {
    case latencyPercentile(Double)
    case latencyMean, latencyMin, latencyMax
    case errorRate
    case availabilityPercent
    case count
    case throughputPerSecond
    /// A platform metric by name (`oversold`, `unauthorized_reaching_services`,
    /// `seats_sold_per_s`, `requests_to_dead_instances`, …).
    case platform(String)
}
