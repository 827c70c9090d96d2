import SimulationPrimitives

/// Evaluates budgets against a ``BudgetMetricSource`` and returns ``BudgetVerdict``s carrying the
/// observed values (k6's end-of-test `THRESHOLDS` block, reference/loadtest-chaos.md §1).
///
/// ```swift
/// let evaluator = BudgetEvaluator(budgets: budgets)
/// let verdicts = evaluator.evaluate(SummaryMetricSource(summary: s, timeSeries: ts))
/// if let breach = evaluator.abortBreach(liveRecorder, now: now) { /* stop the run */ }
/// ```
///
/// Rules:
/// - A windowed budget's range is the window clipped to `[warm-up end, elapsed)` when
///   ``excludeWarmup`` is on (the default; whole-run values are warm-up-free already).
/// - A window that starts at or after the run's end is **skipped** (neither passed nor failed;
///   ``BudgetVerdict/skipped``, observed "skipped: window starts after the run's end"), so a
///   short run (`--duration 3m`, sweeps) of a scenario with late windows does not fail.
/// - A target with no requests in the measured range (``BudgetObservation/noData(_:)``) is
///   skipped too, with the reason ("no requests for 'POST /api/compras' after the warm-up").
/// - An unobservable value fails the budget with the reason as its observed text; a windowed
///   percentile read from the time series alone is an upper bound and says so.
/// - `recovery` is, for each fault with an end that matches the selector (kind or target; all
///   faults without one), the time from the fault's end to the start of the first time bucket in
///   which every other recovery criterion on the same target (p50/p95/p99, `rate`,
///   `availability`) holds in that bucket; 0 when the bucket holding the fault's end already
///   holds. The worst fault decides. Never recovered: the time to the end of the run, failed.
///   A fault still active at the run's end fails with "fault still active at the end of the
///   run"; matching faults that all start after the run's end skip the budget.
public struct BudgetEvaluator: Sendable {
    public var budgets: [Budget]
    /// Clip windows to start after warm-up (Gatling Enterprise excludes ramp-up the same way).
    public var excludeWarmup: Bool

    public init(budgets: [Budget], excludeWarmup: Bool = true) { self.budgets = budgets; self.excludeWarmup = excludeWarmup }

    /// One verdict per budget, in the budgets' order.
    public func evaluate<Source: BudgetMetricSource>(_ source: Source) -> [BudgetVerdict] {
        budgets.map { evaluate($0, source) }
    }

    /// Checks the `abortOnFail` budgets on measurements up to `now` (call it e.g. once per time
    /// bucket); returns the first breached budget's verdict, or nil to keep running. A budget is
    /// checked only once `now` is `delayAbortEval` past its window's start; `recovery` budgets
    /// are never abort-checked (they need the run's end).
    public func abortBreach<Source: BudgetMetricSource>(_ source: Source, now: SimTime) -> BudgetVerdict? {
        let timeline = source.timeline
        for budget in budgets where budget.abortOnFail {
            if case .recovery = budget.expression.aggregate { continue }
            let start = effectiveStart(budget.window, timeline)
            let current = SimDuration(nanoseconds: now.nanosecondsSinceStart)
            guard current >= start + budget.delayAbortEval, current > start else { continue }
            var range: BudgetTimeRange?
            if let window = budget.window {
                let end = min(window.end ?? current, current)
                range = BudgetTimeRange(start: start, end: end)
            }
            guard let metric = budget.expression.aggregate.metric(target: budget.target) else { continue }
            let observation = source.observe(metric, target: budget.target, over: range)
            // Abort only on a measured breach, never on "no data yet".
            if case .value(let v) = observation, !budget.expression.isSatisfied(by: v) {
                return verdict(budget, observation: observation)
            }
        }
        return nil
    }

    func effectiveStart(_ window: BudgetWindow?, _ timeline: BudgetTimeline) -> SimDuration {
        let start = window?.start ?? .zero
        return excludeWarmup ? max(start, timeline.warmup) : start
    }

    func range(for budget: Budget, _ timeline: BudgetTimeline) -> BudgetTimeRange?? {
        guard let window = budget.window else { return .some(nil) }
        let start = effectiveStart(window, timeline)
        let end = min(window.end ?? timeline.elapsed, timeline.elapsed)
        guard end > start else { return nil }
        return .some(BudgetTimeRange(start: start, end: end))
    }

    func evaluate<Source: BudgetMetricSource>(_ budget: Budget, _ source: Source) -> BudgetVerdict {
        let timeline = source.timeline
        if case .recovery(let selector) = budget.expression.aggregate {
            return recoveryVerdict(budget, selector: selector, source)
        }
        if let window = budget.window, window.start >= timeline.elapsed {
            return skipped(budget, reason: "window starts after the run's end (\(timeline.elapsed))")
        }
        guard let range = range(for: budget, timeline) else {
            return verdict(budget, observation: .unavailable("window \(budget.window?.text ?? "") lies outside the measured run (warm-up \(timeline.warmup), duration \(timeline.elapsed))"))
        }
        guard let metric = budget.expression.aggregate.metric(target: budget.target) else {
            return verdict(budget, observation: .unavailable("no metric"))
        }
        return verdict(budget, observation: source.observe(metric, target: budget.target, over: range))
    }

    /// A verdict that is neither passed nor failed.
    func skipped(_ budget: Budget, reason: String) -> BudgetVerdict {
        BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text,
                      passed: false, observed: "skipped: \(reason)", observedValue: 0, skipped: true)
    }

    func verdict(_ budget: Budget, observation: BudgetObservation, observedText: String? = nil) -> BudgetVerdict {
        switch observation {
        case .value(let v):
            return BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text,
                                 passed: budget.expression.isSatisfied(by: v),
                                 observed: observedText ?? budget.expression.format(v),
                                 observedValue: v)
        case .upperBound(let v):
            return BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text,
                                 passed: budget.expression.isSatisfied(by: v),
                                 observed: budget.expression.format(v) + " upper bound (worst bucket)",
                                 observedValue: v)
        case .unavailable(let reason):
            return BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text,
                                 passed: false, observed: "unavailable: \(reason)", observedValue: 0)
        case .noData(let reason):
            return skipped(budget, reason: reason)
        }
    }

    func recoveryVerdict<Source: BudgetMetricSource>(_ budget: Budget, selector: String?, _ source: Source) -> BudgetVerdict {
        let timeline = source.timeline
        let matching = timeline.faults.filter { f in
            // A partition's target names both sides (`zone-a ↔ zone-c`); either side selects it.
            f.endSeconds != nil && (selector == nil || f.kind == selector || f.target == selector
                || f.target.split(whereSeparator: { $0 == " " || $0 == "↔" || $0 == "→" }).contains { $0 == selector! })
        }
        let elapsedSeconds = timeline.elapsed.seconds
        // Faults that never started in this (shortened) run do not count.
        let faults = matching.filter { $0.startSeconds < elapsedSeconds }
        guard !faults.isEmpty else {
            if !matching.isEmpty { return skipped(budget, reason: "every matching fault starts after the run's end (\(timeline.elapsed))") }
            return verdict(budget, observation: .unavailable("no fault with an end\(selector.map { " matching '\($0)'" } ?? "") in the run"))
        }
        if faults.contains(where: { ($0.endSeconds ?? elapsedSeconds) >= elapsedSeconds }) {
            return BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text, passed: false,
                                 observed: "fault still active at the end of the run", observedValue: 0)
        }
        let criteria = budgets.filter { $0.target == budget.target && $0.expression.aggregate.isRecoveryCriterion }
        guard !criteria.isEmpty else {
            return verdict(budget, observation: .unavailable("no p50/p95/p99, rate or availability budget on '\(budget.target)' defines 'within budget'"))
        }
        let bucket = timeline.bucket.nanoseconds
        guard bucket > 0 else { return verdict(budget, observation: .unavailable("zero bucket width")) }
        var worst = 0.0
        var recoveredAll = true
        for fault in faults {
            let end = SimDuration(seconds: fault.endSeconds ?? 0)
            var k = end.nanoseconds / bucket
            var recoveredAt: SimDuration?
            while (k + 1) * bucket <= timeline.elapsed.nanoseconds {
                let range = BudgetTimeRange(start: .nanoseconds(k * bucket), end: .nanoseconds((k + 1) * bucket))
                let holds = criteria.allSatisfy { c in
                    guard let metric = c.expression.aggregate.metric(target: c.target),
                          let v = source.observe(metric, target: c.target, over: range).value else { return false }
                    return c.expression.isSatisfied(by: v)
                }
                if holds { recoveredAt = range.start; break }
                k += 1
            }
            if let at = recoveredAt {
                worst = max(worst, max(0, (at - end).seconds))
            } else {
                recoveredAll = false
                worst = max(worst, max(0, (timeline.elapsed - end).seconds))
            }
        }
        if !recoveredAll {
            let v = BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text, passed: false,
                                  observed: "not recovered by the end of the run (>\(BudgetFormat.value(worst, unit: .seconds)))",
                                  observedValue: worst)
            return v
        }
        return verdict(budget, observation: .value(worst))
    }
}
