/// Parsing and formatting of human durations: `250ms`, `1.5s`, `2m`, `1h30m`, `90s`, `500us`, `0`.
///
/// Grammar: one or more `<number><unit>` parts, units `ns`, `us` (or `µs`), `ms`, `s`, `m`, `h`,
/// `d`, in strictly decreasing unit order (`1h30m`, not `30m1h`). A number may have a decimal
/// fraction (`1.5s`); the result is rounded to the nearest nanosecond. A bare `0` is zero.
/// The same grammar as Go's `time.ParseDuration` and k6 durations (reference/loadtest-chaos.md §1),
/// minus negative values: a duration in a scenario is never negative.
public enum DurationFormat {
    /// Why a duration text did not parse. `text` is the whole input as given.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case empty
        case missingUnit(text: String)
        case unknownUnit(text: String, unit: String)
        case badNumber(text: String, number: String)
        case unitsOutOfOrder(text: String)
        case overflow(text: String)

        /// `reason (fix)`: what is wrong, then how to write it. Fix texts hold no parentheses of
        /// their own, so a message never nests or stacks hints.
        public var description: String { "\(reason) (\(fix))" }

        /// What is wrong with the text, without advice (callers that add their own location and
        /// fix use this, so a message never carries two stacked hints).
        public var reason: String {
            switch self {
            case .empty: return "empty duration"
            case .missingUnit(let t): return "duration '\(t)' has a number without a unit"
            case .unknownUnit(let t, let u): return "duration '\(t)' has unknown unit '\(u)'"
            case .badNumber(let t, let n): return "duration '\(t)' has malformed number '\(n)'"
            case .unitsOutOfOrder(let t): return "duration '\(t)' repeats a unit or lists them out of order"
            case .overflow(let t): return "duration '\(t)' is too long, at most about 292 years"
            }
        }

        /// How to write it instead, with a corrected example built from the input where one can be
        /// inferred: `4 minutes` → `4m`, `90` → `90s` or `90ms` (a bare number's unit cannot be
        /// guessed, so both readings are offered), `5 mins` → `5m`.
        public var fix: String {
            let unitList = "units ns, us, ms, s, m, h, d"
            switch self {
            case .empty:
                return "write e.g. '250ms', '1.5s', '2m', '1h30m'"
            case .missingUnit(let t):
                if let corrected = DurationFormat.correctedSpelling(t) { return "write '\(corrected)': a number directly followed by one of \(unitList)" }
                let number = t.trimmingWhitespace()
                if Double(number) != nil {
                    return "add a unit: '\(number)s' for seconds or '\(number)ms' for milliseconds; \(unitList)"
                }
                return "write each number directly followed by a unit, e.g. '1h30m'; \(unitList)"
            case .unknownUnit(let t, _):
                if let corrected = DurationFormat.correctedSpelling(t) { return "write '\(corrected)'; \(unitList)" }
                return "use \(unitList), e.g. '250ms', '2m'"
            case .badNumber:
                return "write digits with an optional fraction followed by a unit, e.g. '1.5s'"
            case .unitsOutOfOrder:
                return "write each unit once, largest first, e.g. '1h30m'"
            case .overflow:
                return "write a shorter duration"
            }
        }
    }

    /// Long unit words users write (`4 minutes`, `30 sec`, `2 hrs`) mapped to the grammar's units.
    static let spelledUnits: [(words: [String], unit: String)] = [
        (["nanosecond", "nanoseconds", "nanos", "nsec"], "ns"),
        (["microsecond", "microseconds", "micros", "usec"], "us"),
        (["millisecond", "milliseconds", "millis", "msec", "msecs"], "ms"),
        (["second", "seconds", "sec", "secs"], "s"),
        (["minute", "minutes", "min", "mins"], "m"),
        (["hour", "hours", "hr", "hrs"], "h"),
        (["day", "days"], "d"),
    ]

    /// `4 minutes` → `4m`, `1 hour 30 min` → `1h30m`, `250 ms` → `250ms`: the text rewritten with
    /// short units and no spaces, when every part is `<number> <unit word>`; else nil.
    static func correctedSpelling(_ text: String) -> String? {
        var words: [String] = []
        // Split "4minutes" into "4", "minutes" and "4 minutes" on spaces alike.
        var current = "", currentIsNumber = false
        for c in text {
            if c == " " || c == "\t" { if !current.isEmpty { words.append(current); current = "" }; continue }
            let isNumber = c.isNumber || c == "."
            if !current.isEmpty, isNumber != currentIsNumber { words.append(current); current = "" }
            current.append(c); currentIsNumber = isNumber
        }
        if !current.isEmpty { words.append(current) }
        guard !words.isEmpty, words.count % 2 == 0 else { return nil }
        var out = ""
        for i in stride(from: 0, to: words.count, by: 2) {
            guard Double(words[i]) != nil else { return nil }
            let word = words[i + 1].lowercased()
            let unit = units.first { $0.name == word }?.name ?? spelledUnits.first { $0.words.contains(word) }?.unit
            guard let unit else { return nil }
            out += words[i] + unit
        }
        return (try? parse(out)) != nil ? out : nil
    }

    static let units: [(name: String, nanoseconds: Int64)] = [
        ("d", 86_400_000_000_000), ("h", 3_600_000_000_000), ("m", 60_000_000_000),
        ("s", 1_000_000_000), ("ms", 1_000_000), ("us", 1_000), ("µs", 1_000), ("ns", 1),
    ]

    /// Parses `text` (surrounding whitespace ignored).
    /// - Throws: ``ParseError`` naming the offending text.
    public static func parse(_ text: String) throws(ParseError) -> SimDuration {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { throw .empty }
        if trimmed == "0" { return .zero }
        var chars = Array(trimmed.unicodeScalars)
        chars.append(" ") // sentinel
        var index = 0
        var total: Double = 0
        var totalExact: Int64 = 0
        var exact = true
        var lastUnitRank = -1
        while index < chars.count - 1 {
            let numberStart = index
            while index < chars.count - 1, chars[index].properties.numericType != nil || chars[index] == "." { index += 1 }
            let numberText = String(String.UnicodeScalarView(chars[numberStart..<index]))
            if numberText.isEmpty {
                let unitStart = index
                while index < chars.count - 1, chars[index].properties.isAlphabetic || chars[index] == "µ" { index += 1 }
                throw .badNumber(text: trimmed, number: String(String.UnicodeScalarView(chars[unitStart..<max(index, unitStart + 1)])))
            }
            guard let value = Double(numberText), numberText.first != ".", numberText.last != "." else {
                throw .badNumber(text: trimmed, number: numberText)
            }
            let unitStart = index
            while index < chars.count - 1, chars[index].properties.isAlphabetic || chars[index] == "µ" { index += 1 }
            let unit = String(String.UnicodeScalarView(chars[unitStart..<index]))
            if unit.isEmpty { throw .missingUnit(text: trimmed) }
            guard let rank = units.firstIndex(where: { $0.name == unit }) else { throw .unknownUnit(text: trimmed, unit: unit) }
            // `us` and `µs` share one rank, so `ns` ranks one below them.
            let normalisedRank = rank <= 5 ? rank : rank - 1
            if normalisedRank <= lastUnitRank { throw .unitsOutOfOrder(text: trimmed) }
            lastUnitRank = normalisedRank
            let scale = units[rank].nanoseconds
            total += value * Double(scale)
            if exact, let whole = Int64(numberText) {
                let (product, o1) = whole.multipliedReportingOverflow(by: scale)
                let (sum, o2) = totalExact.addingReportingOverflow(product)
                if o1 || o2 { throw .overflow(text: trimmed) }
                totalExact = sum
            } else {
                exact = false
            }
        }
        if exact { return SimDuration(nanoseconds: totalExact) }
        guard total.isFinite, total < 9.2e18 else { throw .overflow(text: trimmed) }
        return SimDuration(nanoseconds: Int64(total.rounded()))
    }

    /// The shortest exact human form of `duration`, largest units first (`1h30m`, `1.5s`, `250ms`,
    /// `17ns`, `0s`). Parsing the result gives back the same duration.
    public static func format(_ duration: SimDuration) -> String {
        var ns = duration.nanoseconds
        if ns == 0 { return "0s" }
        var out = ""
        if ns < 0 { out = "-"; ns = ns == Int64.min ? Int64.max : -ns }
        // The remainder below a minute is written as one fractional unit so `1.5s` stays `1.5s`.
        let d = ns / 86_400_000_000_000; ns %= 86_400_000_000_000
        let h = ns / 3_600_000_000_000; ns %= 3_600_000_000_000
        let m = ns / 60_000_000_000; ns %= 60_000_000_000
        if d > 0 { out += "\(d)d" }
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if ns == 0 { return out }
        if ns >= 1_000_000_000 {
            out += fraction(ns, unit: 1_000_000_000) + "s"
        } else if ns >= 1_000_000 {
            out += fraction(ns, unit: 1_000_000) + "ms"
        } else if ns >= 1_000 {
            out += fraction(ns, unit: 1_000) + "us"
        } else {
            out += "\(ns)ns"
        }
        return out
    }

    /// `value / unit` written with the fewest decimals that are exact (`1500000, 1000000` → `1.5`).
    static func fraction(_ value: Int64, unit: Int64) -> String {
        let whole = value / unit
        var rest = value % unit
        if rest == 0 { return "\(whole)" }
        var digits = ""
        var scale = unit / 10
        while rest > 0 && scale > 0 {
            digits += "\(rest / scale)"
            rest %= scale
            scale /= 10
        }
        return "\(whole).\(digits)"
    }
}

extension SimDuration {
    /// Parses a human duration (`250ms`, `1.5s`, `2m`, `1h30m`); see ``DurationFormat``.
    /// - Throws: ``DurationFormat/ParseError`` naming the bad text.
    public init(parsing text: String) throws(DurationFormat.ParseError) {
        self = try DurationFormat.parse(text)
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let f = scalars.first, f.isWhitespace { scalars.removeFirst() }
        while let l = scalars.last, l.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}
