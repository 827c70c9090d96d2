/// Minimal deterministic JSON text helpers for line-oriented outputs (ECS NDJSON, Chrome trace)
/// where key order is chosen by hand rather than by `JSONEncoder`.
enum JSONText {
    /// `s` as a JSON string literal (RFC 8259 §7 escapes; control characters as `\u00XX`).
    static func string(_ s: String) -> String {
        // Fast path: nothing to escape (the common case: names, ids, paths) — the loop below would
        // append every scalar unchanged, so the text is the same.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + s + "\""
        }
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// A finite double without exponent noise for typical magnitudes (`12.5`, `3`).
    static func number(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        if x == x.rounded(), abs(x) < 9e15 { return String(Int64(x)) }
        return String(x)
    }
}
