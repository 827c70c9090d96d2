import SimulationPrimitives
import Telemetry

extension ScenarioDecoder {
    /// Budgets (reference/loadtest-chaos.md §1 thresholds, DESIGN §10 "Route names in budgets"):
    /// `target: ["p(99)<800ms", "availability>=99.5% during 2m..10m"]` or the long form
    /// `target: {during: 2m..10m, checks: [...], abort_on_fail: true, delay_abort_eval: 10s}`.
    /// Each expression is parsed by `Telemetry.Budget` (located errors at the expression).
    mutating func decodeBudgets(_ node: SourceNode?, duration: SimDuration) throws(ScenarioError) -> [BudgetSpec] {
        guard let node else { return [] }
        let reader = try MappingReader(node, path: "budgets", allowed: nil)
        let targets = ServiceCatalog.budgetTargets
        var budgets: [BudgetSpec] = []
        var all: [Budget] = []
        for entry in reader.all {
            guard targets.contains(entry.key) else {
                throw ScenarioError(at: entry.keyLocation, "budget target '\(entry.key)' is not a route, service, journey or platform metric",
                                    fix: Suggestion.fix(for: entry.key, among: targets))
            }
            var expressionsNode = entry.value
            var windowText: String?
            var windowNode: SourceNode?
            var abort = false
            var delay: String?
            if case .mapping = entry.value {
                let m = try MappingReader(entry.value, path: "budgets.\(entry.key)", allowed: ["during", "checks", "abort_on_fail", "delay_abort_eval"])
                expressionsNode = try m.required("checks", hint: "add 'checks: [\"p(99)<800ms\"]'")
                if let d = m["during"] { windowText = try d.string("budgets.\(entry.key).during"); windowNode = d }
                if let a = m["abort_on_fail"] { abort = try a.bool("budgets.\(entry.key).abort_on_fail") }
                if let d = m["delay_abort_eval"] { delay = try d.string("budgets.\(entry.key).delay_abort_eval") }
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
                do {
                    var budget = try Budget.parse(target: entry.key, text: text)
                    if let windowText {
                        do { budget.window = try BudgetWindow.parse(windowText) } catch {
                            throw ScenarioError(at: windowNode!.location, "budget window '\(windowText)': \(error.problem)", fix: error.fix)
                        }
                    }
                    budget.abortOnFail = budget.abortOnFail || abort
                    if let delay {
                        guard let value = try? SimDuration(parsing: delay) else {
                            throw ScenarioError(at: expressionsNode.location, "'delay_abort_eval' is not a duration: '\(delay)'", fix: "write e.g. 10s")
                        }
                        budget.delayAbortEval = value
                    }
                    parsed.append(budget)
                } catch let error as BudgetParseError {
                    throw ScenarioError(at: item.location, "budget '\(text)' of '\(entry.key)': \(error.problem) (column \(error.column) of the expression)", fix: error.fix)
                } catch let error as ScenarioError {
                    throw error
                } catch {
                    throw ScenarioError(at: item.location, "budget '\(text)': \(error)")
                }
            }
            if let window = parsed.first?.window, window.start >= duration {
                warnings.append("budget window '\(windowText ?? "")' of '\(entry.key)' starts after the run ends (\(duration)); it has no data")
            }
            all.append(contentsOf: parsed)
            budgets.append(BudgetSpec(target: entry.key, expressions: items.compactMap { try? $0.text("") }, window: windowText,
                                      windowStart: nil, windowEnd: nil, location: entry.keyLocation, budgets: parsed))
        }
        do { try Budget.validate(all) } catch {
            let spec = budgets.first { $0.budgets.contains { $0.expression.text == error.text } }
            throw ScenarioError(at: spec?.location ?? node.location, error.problem, fix: error.fix)
        }
        return budgets
    }
}
