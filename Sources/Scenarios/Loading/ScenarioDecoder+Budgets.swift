import SimulationPrimitives

extension ScenarioDecoder {
    /// Budgets: `target: ["p(99)<800ms", ...]` or `target: {during: 2m..10m, checks: [...]}`.
    ///
    /// SEAM (reports): expressions are parsed and evaluated by `Telemetry/Budgets` (issue 7). Until
    /// it lands in `main`, the loader checks the target names and the outer form
    /// `<aggregate><op><value>` of each expression, and keeps the text.
    mutating func decodeBudgets(_ node: SourceNode?, duration: SimDuration) throws(ScenarioError) -> [BudgetSpec] {
        guard let node else { return [] }
        let reader = try MappingReader(node, path: "budgets", allowed: nil)
        let targets = ServiceCatalog.budgetTargets
        var budgets: [BudgetSpec] = []
        for entry in reader.all {
            guard targets.contains(entry.key) else {
                throw ScenarioError(at: entry.keyLocation, "budget target '\(entry.key)' is not a route, service, journey or platform metric",
                                    fix: Suggestion.fix(for: entry.key, among: targets))
            }
            var expressionsNode = entry.value
            var window: String?
            var start: SimDuration?, end: SimDuration?
            if case .mapping = entry.value {
                let m = try MappingReader(entry.value, path: "budgets.\(entry.key)", allowed: ["during", "checks"])
                expressionsNode = try m.required("checks", hint: "add 'checks: [\"p(99)<800ms\"]'")
                if let d = m["during"] {
                    let text = try d.string("budgets.\(entry.key).during")
                    let parts = text.components(separatedBy: "..")
                    guard parts.count == 2,
                          let from = try? SimDuration(parsing: parts[0].trimmingCharacters(in: .whitespaces)),
                          let to = try? SimDuration(parsing: parts[1].trimmingCharacters(in: .whitespaces)), from < to else {
                        throw ScenarioError(at: d.location, "'during' must be '<start>..<end>' with start < end, found '\(text)'", fix: "write e.g. during: 2m..10m")
                    }
                    if from >= duration {
                        warnings.append("budget window '\(text)' of '\(entry.key)' starts after the run ends (\(duration)); it has no data")
                    } else if to > duration { warnings.append("budget window '\(text)' of '\(entry.key)' ends after the run (\(duration)); it is cut at the end") }
                    window = text; start = from; end = min(to, duration)
                }
            }
            let expressions = try expressionsNode.stringList("budgets.\(entry.key)")
            for expression in expressions {
                try Self.checkBudgetExpression(expression, location: expressionsNode.location)
            }
            budgets.append(BudgetSpec(target: entry.key, expressions: expressions, window: window, windowStart: start, windowEnd: end, location: entry.keyLocation))
        }
        return budgets
    }

    static let budgetOperators = ["<=", ">=", "==", "!=", "<", ">"]

    static func checkBudgetExpression(_ expression: String, location: SourceLocation) throws(ScenarioError) {
        let compact = expression.replacingOccurrences(of: " ", with: "")
        guard let op = budgetOperators.first(where: { compact.contains($0) }), let range = compact.range(of: op) else {
            throw ScenarioError(at: location, "budget '\(expression)' has no comparison", fix: "write e.g. p(99)<800ms, availability>=99.5% or ==0")
        }
        let value = compact[range.upperBound...]
        guard !value.isEmpty, value.first!.isNumber || value.first == "-" || value.first == "." else {
            throw ScenarioError(at: location, "budget '\(expression)' compares with '\(value)', not a number", fix: "write e.g. p(99)<800ms")
        }
    }
}
