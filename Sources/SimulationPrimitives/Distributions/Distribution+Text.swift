extension Distribution {
    /// The scenario syntax for this distribution, which ``init(parsing:)`` (or, with
    /// `durations: true`, ``init(parsingDuration:)``) reads back to an equal value.
    ///
    /// ```swift
    /// Distribution.exponential(mean: 0.002).scenarioText(durations: true)   // "exponential(mean: 2ms)"
    /// Distribution.lognormal(median: 0.008, p99: 0.04).scenarioText(durations: true)
    /// // "lognormal(mu: -4.8283137373023015, sigma: 0.6918…)" (the fitted parameters)
    /// ```
    /// With `durations: true`, time parameters print as durations (`8ms`, `1.5s`), exact for values
    /// that are whole nanoseconds (every parsed duration is); otherwise as Swift's shortest
    /// round-tripping decimal. Shape parameters, μ and σ always print as plain numbers.
    public func scenarioText(durations: Bool) -> String {
        func time(_ seconds: Double) -> String {
            guard durations else { return Distribution.plain(seconds) }
            let nanoseconds = (seconds * 1e9).rounded()
            if nanoseconds == 0 { return "0" }
            guard nanoseconds >= 1, nanoseconds < 9e18 else { return Distribution.plain(seconds) + "s" }
            return SimDuration(nanoseconds: Int64(nanoseconds)).description
        }
        let plain = Distribution.plain
        switch self {
        case .constant(let v): return "constant(\(time(v)))"
        case .uniform(let a, let b): return "uniform(\(time(a)), \(time(b)))"
        case .exponential(let m): return "exponential(mean: \(time(m)))"
        case .normal(let m, let sd): return "normal(mean: \(time(m)), sd: \(time(sd)))"
        case .lognormal(let mu, let sigma): return "lognormal(mu: \(plain(mu)), sigma: \(plain(sigma)))"
        case .pareto(let xm, let alpha): return "pareto(scale: \(time(xm)), shape: \(plain(alpha)))"
        case .weibull(let lambda, let k): return "weibull(scale: \(time(lambda)), shape: \(plain(k)))"
        case .bernoulli(let p): return "bernoulli(\(plain(p)))"
        case .empirical(let table):
            let points = zip(table.probabilities, table.values).map { p, v in "p\(Distribution.percent(p)): \(time(v))" }
            return "empirical([\(points.joined(separator: ", "))])"
        }
    }

    /// Swift's shortest round-tripping form, which the parser reads back exactly.
    static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)"
    }

    /// `probability` × 100 as a plain decimal (no exponent) whose `e-2` reading is `probability`
    /// exactly: the shortest decimal of the probability with its point moved two places.
    static func percent(_ probability: Double) -> String {
        let text = "\(probability)"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        var digits = String(parts[0]) + (parts.count > 1 ? String(parts[1]) : "")
        var pointPosition = parts[0].count + exponent + 2 // digits before the decimal point
        while pointPosition <= 0 { digits = "0" + digits; pointPosition += 1 }
        while digits.count < pointPosition { digits += "0" }
        var whole = String(digits.prefix(pointPosition))
        var fraction = String(digits.dropFirst(pointPosition))
        while whole.count > 1 && whole.first == "0" { whole.removeFirst() }
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? whole : whole + "." + fraction
    }
}

extension Distribution: CustomStringConvertible {
    /// ``scenarioText(durations:)`` with plain numbers.
    public var description: String { scenarioText(durations: false) }
}
