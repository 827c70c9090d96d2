import SimulationPrimitives
import Telemetry

extension ScenarioDecoder {
    /// Long-form keys of a budget entry. `threshold` is k6's name for one expression, `checks`
    /// cinesim's list; `abortOnFail`/`delayAbortEval` are k6's (snake-case spellings accepted).
    static let budgetLongFormKeys = ["during", "checks", "threshold"] + Budget.abortKeys + Budget.delayKeys

    /// Budgets (reference/loadtest-chaos.md §1 thresholds, DESIGN §10 "Route names in budgets"):
    /// `target: ["p(99)<800ms", "availability>=99.5% during 2m..10m"]` or the long form
    /// `target: {during: 2m..10m, checks: [...], abortOnFail: true, delayAbortEval: 10s}`.
    /// The pseudo-target `platform` takes named platform metrics (`seats_sold_per_s>=100`).
    /// Each expression is parsed by `Telemetry.Budget` (located errors at the expression); then
    /// checked against its target (latency only on routes/services/journeys, `%` only on
    /// percentage metrics) and the fault timeline (`recovery` needs a fault with an end).
    /// Windows past the run's end are warned about (skipped or cut at evaluation).
    /// A `recovery` budget whose matching faults all start after the run's end
    /// (`faultsNotStarting`, a shortened run) is skipped: it goes to ``skippedBudgets``, not to
    /// the returned specs, as the evaluator skips one whose faults start after the end.
    mutating func decodeBudgets(_ node: SourceNode?, duration: SimDuration, faults: [FaultSpec] = [],
                                faultsNotStarting: [FaultSpec] = []) throws(ScenarioError) -> [BudgetSpec] {
        guard let node else { return [] }
        let reader = try MappingReader(node, path: "budgets", allowed: nil)
        let targets = ServiceCatalog.budgetTargets
        var budgets: [BudgetSpec] = []
        var all: [Budget] = []
        for entry in reader.all {
          // Each target is checked on its own, so `cinesim validate` can report every bad entry.
          do throws(ScenarioError) {
            guard targets.contains(entry.key) else {
                throw ScenarioError(at: entry.keyLocation, "budget target '\(entry.key)' is not a route, service, journey, platform metric or 'platform'",
                                    fix: Suggestion.fix(for: entry.key, among: targets))
            }
            var expressionsNode = entry.value
            var windowText: String?
            var windowNode: SourceNode?
            var abort = false
            var delay: SimDuration?
            if case .mapping = entry.value {
                let path = "budgets.\(entry.key)"
                let m = try MappingReader(entry.value, path: path, allowed: Self.budgetLongFormKeys)
                if m["checks"] != nil, m["threshold"] != nil {
                    throw ScenarioError(at: entry.keyLocation, "budget '\(entry.key)' has both 'checks' and 'threshold'", fix: "keep one: 'checks: [\"p(99)<800ms\"]'")
                }
                if let t = m["threshold"] { expressionsNode = t }
                else { expressionsNode = try m.required("checks", hint: "add 'checks: [\"p(99)<800ms\"]' (or k6's 'threshold: \"p(99)<800ms\"')") }
                if let d = m["during"] { windowText = try d.string("\(path).during"); windowNode = d }
                for key in Budget.abortKeys { if let a = m[key] { abort = try a.bool("\(path).\(key)") } }
                for key in Budget.delayKeys { if let d = m[key] { delay = try d.duration("\(path).\(key)") } }
            }
            let items: [SourceNode]
            switch expressionsNode {
            case .sequence(let list, _): items = list
            case .scalar: items = [expressionsNode]
            case .mapping: throw ScenarioError(at: expressionsNode.location, "budgets of '\(entry.key)' must be a list of expressions", fix: "write [\"p(99)<800ms\"]")
            }
            var parsed: [Budget] = []
            for item in items {
                let text = try item.string("budgets.\(entry.key)")
                var budget: Budget
                do { budget = try Budget.parse(target: entry.key, text: text) } catch {
                    throw ScenarioError(at: item.location, "budget '\(text)' of '\(entry.key)': \(error.problem) (column \(error.column) of the expression)", fix: error.fix)
                }
                if let windowText {
                    do { budget.window = try BudgetWindow.parse(windowText) } catch {
                        throw ScenarioError(at: windowNode!.location, "budget window '\(windowText)': \(error.problem)", fix: error.fix)
                    }
                }
                budget.abortOnFail = budget.abortOnFail || abort
                if let delay { budget.delayAbortEval = delay }
                // `availability: [">=99.5%"]` and `availability: ["availability>=99.5%"]` both mean the platform metric.
                if budget.target == "availability", case .availability = budget.expression.aggregate {
                    budget.expression.aggregate = .platformMetric("availability")
                }
                try Self.checkTarget(budget, text: text, at: item.location)
                if let window = budget.window {
                    if window.start >= duration {
                        warnings.append("budget window '\(window.text)' of '\(entry.key)' starts after the run's end (\(duration)): '\(budget.expression.text)' is skipped")
                    } else if let end = window.end, end > duration {
                        warnings.append("budget window '\(window.text)' of '\(entry.key)' ends after the run's end (\(duration)): '\(budget.expression.text)' is evaluated over \(window.start)..\(duration)")
                    }
                }
                if case .recovery(let selector) = budget.expression.aggregate {
                    let matches = { (f: FaultSpec) in f.duration != nil && Self.fault(f, matches: selector) }
                    if !faults.contains(where: matches), faultsNotStarting.contains(where: matches) {
                        let reason = "every matching fault starts after the run's end (\(duration))"
                        warnings.append("'\(budget.expression.text)' of '\(entry.key)' is skipped: \(reason)")
                        skippedBudgets.append(BudgetVerdict(target: budget.target, expression: budget.expression.text, window: budget.window?.text,
                                                            passed: false, observed: "skipped: \(reason)", observedValue: 0, skipped: true))
                        all.append(budget)
                        continue
                    }
                    guard faults.contains(where: matches) else {
                        throw ScenarioError(at: item.location, "'\(text)' of '\(entry.key)' needs a fault with an end ('for:')\(selector.map { " matching '\($0)'" } ?? ""), and the scenario has none",
                                            fix: "add a fault with 'for: 2m' under 'faults', or drop the recovery budget")
                    }
                }
                parsed.append(budget)
            }
            all.append(contentsOf: parsed)
            budgets.append(BudgetSpec(target: entry.key, expressions: items.compactMap { try? $0.text("") }, window: windowText,
                                      windowStart: nil, windowEnd: nil, location: entry.keyLocation, budgets: parsed))
          } catch { try record(error) }
        }
        if collecting && !errors.isEmpty { return budgets }   // the cross-budget check needs every entry
        do { try Budget.validate(all) } catch {
            let spec = budgets.first { $0.budgets.contains { $0.expression.text == error.text } }
            throw ScenarioError(at: spec?.location ?? node.location, error.problem, fix: error.fix)
        }
        return budgets
    }

    /// Platform metrics measured in percent (the only ones a `%` threshold fits).
    static func isPercentMetric(_ name: String) -> Bool {
        name == "availability" || name.hasSuffix("_percent") || name.hasSuffix("_utilisation")
    }

    /// A budget's aggregation must fit its target: latency, `rate`, `count`… on a route, service or
    /// journey; a platform metric (or a bare comparison) on a platform metric; a named metric under
    /// `platform`; `%` only on percentage metrics.
    static func checkTarget(_ budget: Budget, text: String, at location: SourceLocation) throws(ScenarioError) {
        let target = budget.target
        let isPlatformTarget = ServiceCatalog.platformMetrics.contains(target)
        let aggregate = budget.expression.aggregate
        if target == "platform" {
            guard case .platformMetric(let name?) = aggregate else {
                throw ScenarioError(at: location, "budget '\(text)' under 'platform' must name a platform metric",
                                    fix: "write e.g. 'seats_sold_per_s>=100' or 'oversold==0' (known: \(ServiceCatalog.platformMetrics.joined(separator: ", ")))")
            }
            guard ServiceCatalog.platformMetrics.contains(name) || name == "seats_sold_per_s" else {
                throw ScenarioError(at: location, "'\(name)' in '\(text)' is not a platform metric",
                                    fix: Suggestion.fix(for: name, among: ServiceCatalog.platformMetrics + ["seats_sold_per_s"]))
            }
        } else if isPlatformTarget {
            switch aggregate {
            case .platformMetric: break
            default:
                throw ScenarioError(at: location, "budget '\(text)' aggregates latency or requests, but '\(target)' is a platform metric (a number, not a route)",
                                    fix: "compare the metric itself, e.g. '==0' or '<=100'; latency budgets go on a route such as 'POST /api/compras'")
            }
        }
        if case .platformMetric(nil) = aggregate, !isPlatformTarget {
            throw ScenarioError(at: location, "budget '\(text)' compares '\(target)' itself, but it is not a platform metric",
                                fix: "name an aggregation, e.g. 'p(99)<800ms', 'rate<1%' or 'count>1000'")
        }
        if case .platformMetric(let named) = aggregate, budget.expression.writtenInPercent {
            let name = named ?? target
            guard isPercentMetric(name) else {
                throw ScenarioError(at: location, "budget '\(text)': '\(name)' is a count, not a percentage",
                                    fix: "write a number, e.g. '\(name == target ? "" : name)<=10'; shares go on a route: 'rate<1%' or 'availability>=99%'")
            }
        }
    }

    /// Whether `fault` is selected by a `recovery(selector)` (kind, target or either side of a
    /// partition; nil selects every fault), as `BudgetEvaluator` does at run time.
    static func fault(_ fault: FaultSpec, matches selector: String?) -> Bool {
        guard let selector else { return true }
        return fault.kind.rawValue == selector || fault.target == selector || fault.parameters.peer == selector
    }
}
