/// Deterministic fixed-point formatting of `Double`s for tables (no locale, no Foundation):
/// `FixedDecimal.format(3.14159, decimals: 3) == "3.142"`. Rounds half away from zero.
public enum FixedDecimal {
    /// `value` with exactly `decimals` digits after the point; `nan`/`inf` spelled out.
    public static func format(_ value: Double, decimals requested: Int) -> String {
        let decimals = min(max(requested, 0), 15) // 10^15 · |value| must fit in UInt64
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e18 else { return "\(value)" } // beyond fixed-point range: Swift's shortest form
        let units = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = units / divisor
        let fraction = units % divisor
        var text = (value < 0 && units != 0 ? "-" : "") + "\(whole)"
        if decimals > 0 {
            var digits = "\(fraction)"
            while digits.count < decimals { digits = "0" + digits }
            text += "." + digits
        }
        return text
    }

    /// `value` with `significant` significant digits, fixed-point (no exponent): 0.0012346, 130.85;
    /// never more than `maximumDecimals` digits after the point (tiny values round towards 0).
    public static func format(_ value: Double, significant: Int, maximumDecimals: Int = 15) -> String {
        if value == 0 || !value.isFinite { return format(value, decimals: min(max(0, significant - 1), maximumDecimals)) }
        var magnitude = 0
        var probe = abs(value)
        while probe >= 10 { probe /= 10; magnitude += 1 }
        while probe < 1 && magnitude > -15 { probe *= 10; magnitude -= 1 }
        return format(value, decimals: min(max(0, significant - 1 - magnitude), maximumDecimals))
    }

    /// `text` padded with spaces on the left to `width`.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }

    /// `text` padded with spaces on the right to `width`.
    public static func padRight(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
