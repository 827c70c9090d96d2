import SimulationPrimitives

extension BudgetExpression {
    /// Parses one k6-style expression (`p(95)<200ms`, `p(99.9) < 1s`, `rate<0.01`, `rate<1%`,
    /// `availability>=99.5%`, `count>1000`, `throughput>=200/s`, `recovery<30s`,
    /// `recovery(kill)<=45s`, `oversold==0`, or a bare `==0` naming the budget's target).
    ///
    /// Grammar (spaces allowed between tokens):
    /// `[aggregate] op number [unit]`, aggregate ∈ `p(N)`, `avg`, `med`, `min`, `max`, `rate`,
    /// `availability`, `count`, `throughput`, `value`, `recovery[(selector)]` or a platform metric
    /// name (`[a-z_][a-z0-9_]*`); op ∈ `< <= > >= == === !=` (k6's set); unit ∈ a duration unit
    /// (`ns us ms s m h`, compound `1m30s` allowed), `%` or `/s`.
    /// - Throws: ``BudgetParseError`` with the 1-based column of the offending token and a fix.
    public static func parse(_ text: String) throws(BudgetParseError) -> BudgetExpression {
        var p = BudgetScanner(text)
        let expression = try p.parseExpression()
        p.skipSpaces()
        if !p.atEnd {
            throw p.error(at: p.index, "unexpected text '\(p.rest)' after the threshold",
                          fix: "one expression per entry, e.g. 'p(99)<800ms'; a window goes in 'during: 2m..10m'")
        }
        return expression
    }
}

/// A character cursor over one budget expression; columns are 1-based character offsets.
struct BudgetScanner {
    let text: String
    let chars: [Character]
    var index = 0

    init(_ text: String) { self.text = text; self.chars = Array(text) }

    var atEnd: Bool { index >= chars.count }
    var peek: Character? { atEnd ? nil : chars[index] }
    var rest: String { String(chars[min(index, chars.count)...]) }

    mutating func skipSpaces() { while let c = peek, c == " " || c == "\t" { index += 1 } }

    func error(at position: Int, _ problem: String, fix: String) -> BudgetParseError {
        BudgetParseError(text: text, column: position + 1, problem: problem, fix: fix)
    }

    mutating func readWhile(_ accept: (Character) -> Bool) -> String {
        let start = index
        while let c = peek, accept(c) { index += 1 }
        return String(chars[start..<index])
    }

    static func isIdentifierStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isIdentifierBody(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
    static func isNumberBody(_ c: Character) -> Bool { (c.isASCII && c.isNumber) || c == "." }

    static let aggregateFix = "aggregations are p(N), avg, med, min, max, rate, availability, count, throughput, recovery or a platform metric name"

    mutating func parseExpression() throws(BudgetParseError) -> BudgetExpression {
        skipSpaces()
        if atEnd {
            throw error(at: index, "empty budget expression", fix: "write e.g. 'p(95)<200ms', 'availability>=99.5%' or '==0'")
        }
        let aggregateStart = index
        let aggregate = try parseAggregate()
        skipSpaces()
        let comparison = try parseComparison(after: aggregateStart)
        skipSpaces()
        let numberStart = index
        let numberText = readWhile(BudgetScanner.isNumberBody)
        if numberText.isEmpty {
            if peek == "-" {
                throw error(at: index, "negative threshold", fix: "budget thresholds are non-negative, e.g. 'p(95)<200ms'")
            }
            throw error(at: index, "expected a number after '\(comparison.rawValue)'", fix: "write e.g. 'p(95)<200ms' or 'rate<0.01'")
        }
        guard let number = Double(numberText), numberText.first != ".", numberText.last != "." else {
            throw error(at: numberStart, "malformed number '\(numberText)'", fix: "write digits with an optional fraction, e.g. '99.5'")
        }
        let unitStart = index
        let unitText = readWhile { !($0 == " " || $0 == "\t") }
        let threshold = try normalise(number: number, numberText: numberText, numberStart: numberStart,
                                      unit: unitText, unitStart: unitStart, aggregate: aggregate)
        let written = String(chars[aggregateStart..<index])
        return BudgetExpression(aggregate: aggregate, comparison: comparison, threshold: threshold, text: written,
                                writtenInPercent: unitText == "%")
    }

    mutating func parseAggregate() throws(BudgetParseError) -> BudgetAggregate {
        guard let first = peek, BudgetScanner.isIdentifierStart(first) else {
            if let c = peek, "<>=!".contains(c) { return .platformMetric(nil) }
            throw error(at: index, "expected an aggregation or a comparison, found '\(peek.map(String.init) ?? "")'",
                        fix: BudgetScanner.aggregateFix)
        }
        let start = index
        let name = readWhile(BudgetScanner.isIdentifierBody)
        switch name {
        case "p":
            guard peek == "(" else {
                throw error(at: index, "'p' needs a percentile in parentheses", fix: "write e.g. 'p(95)<200ms'")
            }
            index += 1
            skipSpaces()
            let percentStart = index
            let percentText = readWhile(BudgetScanner.isNumberBody)
            guard let percent = Double(percentText), percentText.first != ".", percentText.last != "." else {
                throw error(at: percentStart, "expected a percentile number inside p(…)", fix: "write e.g. 'p(99.9)<1s'")
            }
            guard percent >= 0, percent <= 100 else {
                throw error(at: percentStart, "percentile \(percentText) is outside 0…100", fix: "write e.g. 'p(99)<800ms'")
            }
            skipSpaces()
            guard peek == ")" else { throw error(at: index, "expected ')' to close p(", fix: "write e.g. 'p(95)<200ms'") }
            index += 1
            return .percentile(percent)
        case "avg": return .mean
        case "med": return .percentile(50)
        case "min": return .minimum
        case "max": return .maximum
        case "rate": return .errorRate
        case "availability": return .availability
        case "count": return .count
        case "throughput": return .throughput
        case "value": return .platformMetric(nil)
        case "recovery":
            guard peek == "(" else { return .recovery(faultSelector: nil) }
            index += 1
            let selectorStart = index
            let selector = readWhile { $0 != ")" }.trimmingCharacters()
            guard peek == ")" else { throw error(at: index, "expected ')' to close recovery(", fix: "write e.g. 'recovery(kill)<30s'") }
            guard !selector.isEmpty else {
                throw error(at: selectorStart, "empty fault selector", fix: "name a fault kind or target, e.g. 'recovery(kill)<30s', or drop the parentheses")
            }
            index += 1
            return .recovery(faultSelector: selector)
        default:
            if let suggestion = BudgetScanner.suggestion(for: name) {
                throw error(at: start, "unknown aggregation '\(name)'", fix: "write '\(suggestion)'")
            }
            if peek == "(" {
                throw error(at: start, "unknown aggregation '\(name)(…)'", fix: BudgetScanner.aggregateFix)
            }
            guard name.allSatisfy({ !$0.isUppercase }) else {
                throw error(at: start, "platform metric names are lower_snake_case, found '\(name)'",
                            fix: "write e.g. 'oversold==0' or 'requests_to_dead_instances<=100'")
            }
            return .platformMetric(name)
        }
    }

    /// Common spellings from other tools, mapped to cinesim's (k6's) names.
    static func suggestion(for name: String) -> String? {
        let lower = name.lowercased()
        if lower.count > 1, lower.first == "p", Double(lower.dropFirst()) != nil { return "p(\(lower.dropFirst()))…" }
        switch lower {
        case "mean", "average", "avrg": return "avg"
        case "median": return "med"
        case "percentile": return "p(N), e.g. p(95)"
        case "errors", "error_rate", "errorrate", "failed": return "rate"
        case "avail", "availabilty", "availibility": return "availability"
        case "rps", "tps", "qps": return "throughput"
        default: return nil
        }
    }

    mutating func parseComparison(after aggregateStart: Int) throws(BudgetParseError) -> BudgetComparison {
        let start = index
        let op = readWhile { "<>=!".contains($0) }
        switch op {
        case "<": return .less
        case "<=": return .lessOrEqual
        case ">": return .greater
        case ">=": return .greaterOrEqual
        case "==", "===": return .equal
        case "!=": return .notEqual
        case "":
            let seen = String(chars[aggregateStart..<index])
            throw error(at: index, "expected a comparison (<, <=, >, >=, ==, !=) after '\(seen)'", fix: "write e.g. '\(seen)<200ms'")
        case "=":
            throw error(at: start, "'=' is not a comparison", fix: "write '==' for equality, e.g. 'oversold==0'")
        case "=<", "=>":
            throw error(at: start, "unknown comparison '\(op)'", fix: "write '\(String(op.reversed()))'")
        default:
            throw error(at: start, "unknown comparison '\(op)'", fix: "use one of <, <=, >, >=, ==, !=")
        }
    }

    /// Converts `number unit` to the aggregate's canonical unit, rejecting units that do not fit.
    func normalise(number: Double, numberText: String, numberStart: Int, unit: String, unitStart: Int,
                   aggregate: BudgetAggregate) throws(BudgetParseError) -> Double {
        enum Written { case none, percent, perSecond, duration(SimDuration) }
        let written: Written
        if unit.isEmpty { written = .none }
        else if unit == "%" { written = .percent }
        else if unit == "/s" { written = .perSecond }
        else if let first = unit.first, first.isLetter {
            do { written = .duration(try SimDuration(parsing: numberText + unit)) }
            catch { throw self.error(at: unitStart, "unknown unit '\(unit)'", fix: "use ms, s, m (durations), % or /s") }
        } else {
            throw self.error(at: unitStart, "unknown unit '\(unit)'", fix: "use ms, s, m (durations), % or /s")
        }
        func reject(_ what: String, _ fix: String) -> BudgetParseError { self.error(at: unitStart, what, fix: fix) }
        switch aggregate {
        case .percentile, .mean, .minimum, .maximum:
            switch written {
            case .none: return number // k6: Trend thresholds are in milliseconds
            case .duration(let d): return d.milliseconds
            case .percent, .perSecond: throw reject("latency needs a duration, not '\(unit)'", "write e.g. '200ms' or '1s'")
            }
        case .errorRate:
            switch written {
            case .percent:
                guard number <= 100 else { throw self.error(at: numberStart, "rate \(numberText)% is above 100%", fix: "write e.g. 'rate<1%'") }
                return number / 100
            case .none:
                guard number <= 1 else {
                    throw self.error(at: numberStart, "rate is a fraction 0…1, found \(numberText)", fix: "write 'rate<0.01' or 'rate<1%'")
                }
                return number
            case .duration, .perSecond: throw reject("rate takes a fraction or a percentage, not '\(unit)'", "write 'rate<0.01' or 'rate<1%'")
            }
        case .availability:
            switch written {
            case .percent, .none:
                guard number <= 100 else { throw self.error(at: numberStart, "availability \(numberText)% is above 100%", fix: "write e.g. 'availability>=99.5%'") }
                if case .none = written, number <= 1 {
                    throw self.error(at: numberStart, "availability is a percentage; \(numberText) looks like a fraction",
                                     fix: "write e.g. 'availability>=99.5%'")
                }
                return number
            case .duration, .perSecond: throw reject("availability takes a percentage, not '\(unit)'", "write e.g. 'availability>=99.5%'")
            }
        case .count:
            guard case .none = written else { throw reject("count takes a plain number, not '\(unit)'", "write e.g. 'count>1000'") }
            guard number == number.rounded() else { throw self.error(at: numberStart, "count \(numberText) is not a whole number", fix: "write e.g. 'count>1000'") }
            return number
        case .throughput:
            switch written {
            case .none, .perSecond: return number
            default: throw reject("throughput is per second, not '\(unit)'", "write e.g. 'throughput>=200/s'")
            }
        case .recovery:
            guard case .duration(let d) = written else {
                throw reject(unit.isEmpty ? "recovery needs a duration unit" : "recovery takes a duration, not '\(unit)'",
                             "write e.g. 'recovery<30s'")
            }
            return d.seconds
        case .platformMetric:
            switch written {
            case .none, .perSecond: return number
            case .percent: return number
            case .duration:
                throw reject("platform metrics are counts or rates, not durations ('\(unit)')",
                             "latency aggregations are p(N), avg, med, min, max; write e.g. 'p(95)<200ms'")
            }
        }
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
