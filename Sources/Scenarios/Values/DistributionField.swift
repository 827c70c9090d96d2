import SimulationPrimitives

/// A probability distribution written in a scenario (`lognormal(median: 8ms, p99: 40ms)`,
/// `exponential(mean: 2s)`, `constant(5ms)`, `uniform(1ms, 3ms)`, `empirical([...])`, DESIGN §4),
/// with the place it was written.
///
/// The loader checks the outer form (a known family, balanced parentheses) for a did-you-mean, then
/// the kernel's parser (`Distribution(parsingDuration:)`) checks every parameter; the Platform
/// samples it through ``DistributionResolver``.
public struct DistributionField: Sendable, Equatable {
    public var text: String
    public var location: SourceLocation
    public init(text: String, location: SourceLocation) { self.text = text; self.location = location }

    /// Family names a distribution may start with (issue 2's list).
    public static let families = ["constant", "uniform", "exponential", "normal", "lognormal", "pareto", "weibull", "bernoulli", "empirical"]

    /// The family name before `(`.
    public var family: String {
        String(text.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces)
    }

    /// The text between the outer parentheses.
    public var arguments: String {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")"), open < close else { return "" }
        return String(text[text.index(after: open)..<close])
    }
}

extension SourceNode {
    func distribution(_ what: String) throws(ScenarioError) -> DistributionField {
        let value = try text(what).trimmingCharacters(in: .whitespaces)
        // A bare duration is shorthand for constant(duration).
        if (try? SimDuration(parsing: value)) != nil {
            return DistributionField(text: "constant(\(value))", location: location)
        }
        let field = DistributionField(text: value, location: location)
        guard DistributionField.families.contains(field.family) else {
            throw ScenarioError(at: location, "'\(what)' has an unknown distribution '\(field.family)'",
                                fix: Suggestion.fix(for: field.family, among: DistributionField.families))
        }
        var depth = 0
        for character in value {
            if character == "(" || character == "[" { depth += 1 }
            if character == ")" || character == "]" { depth -= 1 }
            if depth < 0 { break }
        }
        guard depth == 0, value.hasSuffix(")") else {
            throw ScenarioError(at: location, "'\(what)' is not a distribution: unbalanced parentheses in '\(value)'",
                                fix: "write e.g. lognormal(median: 8ms, p99: 40ms)")
        }
        guard !field.arguments.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ScenarioError(at: location, "'\(what)': \(field.family)() needs parameters", fix: "write e.g. \(field.family == "constant" ? "constant(5ms)" : "exponential(mean: 2s)")")
        }
        try DistributionResolver.validate(field)
        return field
    }
}
