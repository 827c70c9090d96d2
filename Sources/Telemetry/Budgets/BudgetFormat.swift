import SimulationPrimitives

/// Deterministic text forms of budget values (no locale, no `String(format:)`).
public enum BudgetFormat {
    /// `x` rounded to at most `fractionDigits` decimals, trailing zeros dropped: `412.3`, `0`, `99.71`.
    public static func number(_ x: Double, fractionDigits: Int = 3) -> String {
        guard x.isFinite else { return x.isNaN ? "NaN" : (x > 0 ? "inf" : "-inf") }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let rounded = (x * scale).rounded() / scale
        if rounded == rounded.rounded(), abs(rounded) < 9e15 { return String(Int64(rounded)) }
        var text = String(rounded)
        if text.contains("e") { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A value in a budget's canonical unit: `412.3ms`, `1.25s`, `0.0123`, `99.71%`, `1200`,
    /// `310.5/s`, `12s`.
    public static func value(_ v: Double, unit: BudgetUnit) -> String {
        switch unit {
        case .milliseconds: return v >= 1000 ? number(v / 1000) + "s" : number(v) + "ms"
        case .fraction: return number(v, fractionDigits: 5)
        case .percent: return number(v, fractionDigits: 3) + "%"
        case .count: return number(v, fractionDigits: 0)
        case .perSecond: return number(v, fractionDigits: 2) + "/s"
        case .seconds: return number(v) + "s"
        case .plain: return number(v)
        }
    }
}
