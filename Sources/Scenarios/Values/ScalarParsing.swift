import SimulationPrimitives

/// Typed reading of scalar values, each with a located error that says what was expected.
extension SourceNode {
    /// The scalar's text. - Throws: when the node is a mapping or list.
    func text(_ what: String) throws(ScenarioError) -> String {
        guard case .scalar(let value, _) = self else {
            throw ScenarioError(at: location, "'\(what)' must be a single value, found \(shapeName)")
        }
        return value
    }

    func string(_ what: String) throws(ScenarioError) -> String {
        let value = try text(what)
        if value.isEmpty { throw ScenarioError(at: location, "'\(what)' is empty", fix: "give it a value") }
        return value
    }

    func int(_ what: String, minimum: Int = 0, maximum: Int = Int.max) throws(ScenarioError) -> Int {
        let value = try text(what)
        guard let number = Int(value.replacingOccurrences(of: "_", with: "")) else {
            throw ScenarioError(at: location, "'\(what)' must be a whole number, found '\(value)'", fix: "write e.g. \(max(minimum, 1))")
        }
        guard number >= minimum else {
            throw ScenarioError(at: location, "'\(what)' is \(number), below the minimum \(minimum)", fix: "use a value ≥ \(minimum)")
        }
        guard number <= maximum else {
            throw ScenarioError(at: location, "'\(what)' is \(number), above the maximum \(maximum)", fix: "use a value ≤ \(maximum)")
        }
        return number
    }

    func uint64(_ what: String) throws(ScenarioError) -> UInt64 {
        let value = try text(what)
        guard let number = UInt64(value.replacingOccurrences(of: "_", with: "")) else {
            throw ScenarioError(at: location, "'\(what)' must be a non-negative whole number, found '\(value)'", fix: "write e.g. 42")
        }
        return number
    }

    func double(_ what: String, minimum: Double = -.infinity) throws(ScenarioError) -> Double {
        let value = try text(what)
        guard let number = Double(value), number.isFinite else {
            throw ScenarioError(at: location, "'\(what)' must be a number, found '\(value)'")
        }
        guard number >= minimum else {
            throw ScenarioError(at: location, "'\(what)' is \(value), below the minimum \(minimum)")
        }
        return number
    }

    func bool(_ what: String) throws(ScenarioError) -> Bool {
        switch try text(what).lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        case let other: throw ScenarioError(at: location, "'\(what)' must be true or false, found '\(other)'")
        }
    }

    /// A duration such as `250ms`, `1.5s`, `2m` (SimulationPrimitives' `DurationFormat`).
    func duration(_ what: String, allowZero: Bool = true) throws(ScenarioError) -> SimDuration {
        let value = try text(what)
        let parsed: SimDuration
        do { parsed = try SimDuration(parsing: value) } catch {
            throw ScenarioError(at: location, "'\(what)' is not a duration: \(error.reason)", fix: error.fix)
        }
        if parsed.nanoseconds < 0 { throw ScenarioError(at: location, "'\(what)' is negative (\(value))", fix: "durations are ≥ 0") }
        if !allowZero && parsed.nanoseconds == 0 { throw ScenarioError(at: location, "'\(what)' must be longer than zero", fix: "write e.g. 1s") }
        return parsed
    }

    func choice<T: RawRepresentable & CaseIterable>(_ what: String, _ type: T.Type) throws(ScenarioError) -> T where T.RawValue == String {
        let value = try text(what)
        if let match = T(rawValue: value) { return match }
        let names = T.allCases.map(\.rawValue)
        throw ScenarioError(at: location, "'\(what)' cannot be '\(value)'", fix: Suggestion.fix(for: value, among: names))
    }

    func stringList(_ what: String) throws(ScenarioError) -> [String] {
        switch self {
        case .sequence(let items, _):
            var out: [String] = []
            for item in items { out.append(try item.string(what)) }
            return out
        case .scalar(let value, _):
            return [value]
        case .mapping:
            throw ScenarioError(at: location, "'\(what)' must be a list, found a mapping", fix: "write [a, b] or '- a' lines")
        }
    }
}
