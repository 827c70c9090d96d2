extension Distribution {
    /// Parses the scenario syntax (DESIGN §4). Durations (`8ms`, `1.5s`) become seconds; bare numbers
    /// are taken as they are (for unitless distributions such as a retry count or a fan-out).
    ///
    /// Forms (labels in brackets are optional; aliases after `|`):
    /// - `constant(5ms)` — `[value:]`
    /// - `uniform(1ms, 3ms)` — `[min|lower:]`, `[max|upper:]`
    /// - `exponential(mean: 2s)`, `exponential(2s)`, `exponential(rate: 50/s)` (rate units `/s`, `/ms`, `/m`, `/h`)
    /// - `normal(mean: 20ms, sd: 5ms)` — `sd|stddev`; positional `normal(20ms, 5ms)` too
    /// - `lognormal(median: 8ms, p99: 40ms)` or `lognormal(mu: -4.83, sigma: 0.69)` (μ, σ of ln X, X in seconds for durations); labels required
    /// - `pareto(scale: 2ms, shape: 2.5)` — `scale|xm`, `shape|alpha`
    /// - `weibull(scale: 10ms, shape: 1.5)` — `scale|lambda`, `shape|k`
    /// - `bernoulli(0.1)`, `bernoulli(p: 10%)` — `p|probability`
    /// - `empirical([p0: 1ms, p50: 8ms, p99: 40ms, p100: 120ms])` — percentiles from p0 to p100
    ///
    /// - Throws: ``DistributionParseError`` with the offset of the bad token and how to fix it.
    public init(parsing text: String) throws(DistributionParseError) {
        var parser = DistributionParser(text: text, requireDurations: false)
        self = try parser.parse()
    }

    /// Parses a distribution of **durations**: like ``init(parsing:)`` but every time parameter must
    /// carry a unit (`5ms`, not `5`; a bare `0` is allowed), so `constant(5)` cannot silently mean
    /// five seconds. Samples are seconds; use ``sampleDuration(using:)``.
    /// - Throws: ``DistributionParseError`` (kind `unitMismatch` for a missing unit).
    public init(parsingDuration text: String) throws(DistributionParseError) {
        var parser = DistributionParser(text: text, requireDurations: true)
        self = try parser.parse()
    }
}

/// Recursive-descent parser for the distribution syntax; see ``Distribution/init(parsing:)``.
struct DistributionParser {
    let text: String
    let scalars: [Unicode.Scalar]
    let requireDurations: Bool
    var index = 0

    init(text: String, requireDurations: Bool) {
        self.text = text
        self.scalars = Array(text.unicodeScalars)
        self.requireDurations = requireDurations
    }

    /// A parsed scalar value with its unit.
    enum Quantity {
        case number(Double)
        case duration(seconds: Double)
        case percent(fraction: Double)
        case rate(perSecond: Double)
    }

    struct Scalar { var quantity: Quantity; var token: String; var offset: Int }
    struct Entry { var label: String; var labelOffset: Int; var value: Scalar }
    enum Value { case scalar(Scalar), list([Entry], offset: Int) }
    struct Argument { var label: String?; var labelOffset: Int; var value: Value; var valueOffset: Int }

    enum ParameterKind { case time, number, probability, rate }
    struct Parameter { var names: [String]; var kind: ParameterKind }
    struct Spec { var forms: [[Parameter]]; var positional: Bool; var example: String }

    static let specs: [(name: String, spec: Spec)] = [
        ("constant", Spec(forms: [[Parameter(names: ["value"], kind: .time)]], positional: true, example: "constant(5ms)")),
        ("uniform", Spec(forms: [[Parameter(names: ["min", "lower"], kind: .time), Parameter(names: ["max", "upper"], kind: .time)]],
                         positional: true, example: "uniform(1ms, 3ms)")),
        ("exponential", Spec(forms: [[Parameter(names: ["mean"], kind: .time)], [Parameter(names: ["rate"], kind: .rate)]],
                             positional: true, example: "exponential(mean: 2s) or exponential(rate: 50/s)")),
        ("normal", Spec(forms: [[Parameter(names: ["mean"], kind: .time), Parameter(names: ["sd", "stddev"], kind: .time)]],
                        positional: true, example: "normal(mean: 20ms, sd: 5ms)")),
        ("lognormal", Spec(forms: [[Parameter(names: ["median"], kind: .time), Parameter(names: ["p99"], kind: .time)],
                                   [Parameter(names: ["mu"], kind: .number), Parameter(names: ["sigma"], kind: .number)]],
                           positional: false, example: "lognormal(median: 8ms, p99: 40ms) or lognormal(mu: -4.83, sigma: 0.69)")),
        ("pareto", Spec(forms: [[Parameter(names: ["scale", "xm"], kind: .time), Parameter(names: ["shape", "alpha"], kind: .number)]],
                        positional: true, example: "pareto(scale: 2ms, shape: 2.5)")),
        ("weibull", Spec(forms: [[Parameter(names: ["scale", "lambda"], kind: .time), Parameter(names: ["shape", "k"], kind: .number)]],
                         positional: true, example: "weibull(scale: 10ms, shape: 1.5)")),
        ("bernoulli", Spec(forms: [[Parameter(names: ["p", "probability"], kind: .probability)]], positional: true,
                           example: "bernoulli(0.1) or bernoulli(p: 10%)")),
        ("empirical", Spec(forms: [], positional: true, example: "empirical([p0: 1ms, p50: 8ms, p99: 40ms, p100: 120ms])")),
    ]

    // MARK: - Errors

    func error(_ kind: DistributionParseError.Kind, at offset: Int, _ problem: String, fix: String) -> DistributionParseError {
        DistributionParseError(kind: kind, text: text, offset: offset, problem: problem, fix: fix)
    }

    // MARK: - Lexing

    var atEnd: Bool { index >= scalars.count }
    var current: Unicode.Scalar? { atEnd ? nil : scalars[index] }

    mutating func skipWhitespace() {
        while let c = current, c.properties.isWhitespace { index += 1 }
    }

    static func isDelimiter(_ c: Unicode.Scalar) -> Bool {
        c.properties.isWhitespace || c == "," || c == "(" || c == ")" || c == "[" || c == "]" || c == ":"
    }

    mutating func readToken() -> (String, Int) {
        let start = index
        while let c = current, !DistributionParser.isDelimiter(c) { index += 1 }
        return (String(String.UnicodeScalarView(scalars[start..<index])), start)
    }

    func describeCurrent() -> String {
        guard let c = current else { return "the end of the text" }
        return "'\(Character(c))'"
    }

    // MARK: - Grammar

    mutating func parse() throws(DistributionParseError) -> Distribution {
        skipWhitespace()
        if atEnd {
            throw error(.empty, at: 0, "empty distribution", fix: "write e.g. exponential(mean: 2s) or lognormal(median: 8ms, p99: 40ms)")
        }
        let (name, nameOffset) = readToken()
        let known = DistributionParser.specs.map(\.name)
        guard let spec = DistributionParser.specs.first(where: { $0.name == name })?.spec else {
            if name.isEmpty {
                throw error(.syntax, at: nameOffset, "expected a distribution name, found \(describeCurrent())",
                            fix: "start with one of \(known.joined(separator: ", "))")
            }
            let suggestion = DistributionParser.closest(to: name, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw error(.unknownDistribution, at: nameOffset, "unknown distribution '\(name)'",
                        fix: "\(suggestion)known distributions: \(known.joined(separator: ", "))")
        }
        skipWhitespace()
        guard current == "(" else {
            throw error(.syntax, at: index, "expected '(' after '\(name)', found \(describeCurrent())", fix: "write \(spec.example)")
        }
        index += 1
        var arguments: [Argument] = []
        skipWhitespace()
        if current == ")" {
            index += 1
        } else {
            while true {
                arguments.append(try parseArgument(spec: spec))
                skipWhitespace()
                if current == "," { index += 1; continue }
                if current == ")" { index += 1; break }
                throw error(.syntax, at: index, "expected ',' or ')' in \(name)(…), found \(describeCurrent())", fix: "write \(spec.example)")
            }
        }
        let closeOffset = index - 1
        skipWhitespace()
        if !atEnd {
            throw error(.syntax, at: index, "unexpected text after ')': \(describeCurrent())",
                        fix: "a distribution ends at its closing parenthesis, e.g. \(spec.example)")
        }
        if name == "empirical" {
            return try buildEmpirical(arguments, closeOffset: closeOffset, spec: spec)
        }
        return try build(name: name, nameOffset: nameOffset, spec: spec, arguments: arguments, closeOffset: closeOffset)
    }

    mutating func parseArgument(spec: Spec) throws(DistributionParseError) -> Argument {
        skipWhitespace()
        let start = index
        if current == "[" {
            let list = try parseList(spec: spec)
            return Argument(label: nil, labelOffset: start, value: list, valueOffset: start)
        }
        let (token, tokenOffset) = readToken()
        if token.isEmpty {
            throw error(.syntax, at: index, "expected a value, found \(describeCurrent())", fix: "write \(spec.example)")
        }
        skipWhitespace()
        if current == ":" {
            index += 1
            skipWhitespace()
            let valueOffset = index
            if current == "[" {
                return Argument(label: token, labelOffset: tokenOffset, value: try parseList(spec: spec), valueOffset: valueOffset)
            }
            let (valueToken, valueTokenOffset) = readToken()
            if valueToken.isEmpty {
                throw error(.syntax, at: index, "expected a value after '\(token):', found \(describeCurrent())", fix: "write \(spec.example)")
            }
            let scalar = try quantity(valueToken, at: valueTokenOffset)
            return Argument(label: token, labelOffset: tokenOffset, value: .scalar(scalar), valueOffset: valueTokenOffset)
        }
        return Argument(label: nil, labelOffset: tokenOffset, value: .scalar(try quantity(token, at: tokenOffset)), valueOffset: tokenOffset)
    }

    mutating func parseList(spec: Spec) throws(DistributionParseError) -> Value {
        let open = index
        index += 1 // '['
        var entries: [Entry] = []
        skipWhitespace()
        if current == "]" { index += 1; return .list(entries, offset: open) }
        while true {
            skipWhitespace()
            let (label, labelOffset) = readToken()
            skipWhitespace()
            guard !label.isEmpty, current == ":" else {
                throw error(.syntax, at: label.isEmpty ? index : labelOffset,
                            "expected 'pNN: value' in the percentile list, found \(label.isEmpty ? describeCurrent() : "'\(label)'")",
                            fix: "write \(spec.example)")
            }
            index += 1
            skipWhitespace()
            let (valueToken, valueOffset) = readToken()
            if valueToken.isEmpty {
                throw error(.syntax, at: index, "expected a value after '\(label):', found \(describeCurrent())", fix: "write \(spec.example)")
            }
            entries.append(Entry(label: label, labelOffset: labelOffset, value: try quantity(valueToken, at: valueOffset)))
            skipWhitespace()
            if current == "," { index += 1; continue }
            if current == "]" { index += 1; break }
            throw error(.syntax, at: index, "expected ',' or ']' in the percentile list, found \(describeCurrent())", fix: "write \(spec.example)")
        }
        return .list(entries, offset: open)
    }

    func quantity(_ token: String, at offset: Int) throws(DistributionParseError) -> Scalar {
        let fix = "write a number (1.5), a duration (8ms, 2s), a percentage (10%) or a rate (50/s)"
        let first = token.unicodeScalars.first!
        let numeric = first.properties.numericType != nil || first == "-" || first == "+" || first == "."
        if !numeric {
            throw error(.badValue, at: offset, "'\(token)' is not a value", fix: fix)
        }
        if let value = Double(token) {
            guard value.isFinite else { throw error(.badValue, at: offset, "'\(token)' is not a finite number", fix: fix) }
            return Scalar(quantity: .number(value), token: token, offset: offset)
        }
        if token.hasSuffix("%") {
            guard let value = Double(token.dropLast()), value.isFinite else {
                throw error(.badValue, at: offset, "'\(token)' is not a percentage", fix: "write e.g. 10% or 0.5%")
            }
            return Scalar(quantity: .percent(fraction: value / 100), token: token, offset: offset)
        }
        if let slash = token.firstIndex(of: "/") {
            let numberText = token[..<slash], unitText = token[token.index(after: slash)...]
            guard let count = Double(numberText), count.isFinite, count >= 0 else {
                throw error(.badValue, at: offset, "'\(token)' is not a rate", fix: "write a count per unit, e.g. 50/s or 3000/m")
            }
            guard let unit = try? SimDuration(parsing: "1" + unitText), unit > .zero else {
                throw error(.badValue, at: offset, "'\(token)' has an unknown rate unit '/\(unitText)'", fix: "use /s, /ms, /m or /h, e.g. 50/s")
            }
            return Scalar(quantity: .rate(perSecond: count / unit.seconds), token: token, offset: offset)
        }
        do {
            let duration = try SimDuration(parsing: token)
            return Scalar(quantity: .duration(seconds: duration.seconds), token: token, offset: offset)
        } catch {
            throw self.error(.badValue, at: offset, error.description, fix: fix)
        }
    }

    // MARK: - Building

    /// Converts a scalar to the parameter's kind, checking units.
    func value(_ scalar: Scalar, kind: ParameterKind, name: String, spec: Spec) throws(DistributionParseError) -> Double {
        switch (kind, scalar.quantity) {
        case (.time, .duration(let s)):
            return s
        case (.time, .number(let v)):
            if requireDurations && v != 0 {
                throw error(.unitMismatch, at: scalar.offset, "'\(scalar.token)' for \(name) has no time unit",
                            fix: "write a duration such as \(scalar.token)ms or \(scalar.token)s")
            }
            return v
        case (.number, .number(let v)):
            return v
        case (.probability, .number(let v)), (.probability, .percent(let v)):
            guard v >= 0 && v <= 1 else {
                throw error(.invalidParameters, at: scalar.offset, "probability '\(scalar.token)' is outside [0, 1]",
                            fix: "write a fraction between 0 and 1 (0.1) or a percentage (10%)")
            }
            return v
        case (.rate, .rate(let perSecond)):
            return perSecond
        case (.rate, .number(let v)):
            if requireDurations {
                throw error(.unitMismatch, at: scalar.offset, "rate '\(scalar.token)' has no time unit",
                            fix: "write a count per unit, e.g. \(scalar.token)/s")
            }
            return v
        case (.number, _):
            throw error(.unitMismatch, at: scalar.offset, "\(name) is a plain number, found '\(scalar.token)'",
                        fix: "drop the unit, e.g. \(spec.example)")
        case (.time, _):
            throw error(.unitMismatch, at: scalar.offset, "\(name) is a duration, found '\(scalar.token)'",
                        fix: "write a duration such as 8ms or 2s, e.g. \(spec.example)")
        case (.rate, _):
            throw error(.unitMismatch, at: scalar.offset, "\(name) is a rate, found '\(scalar.token)'", fix: "write e.g. 50/s")
        case (.probability, _):
            throw error(.unitMismatch, at: scalar.offset, "\(name) is a probability, found '\(scalar.token)'",
                        fix: "write a fraction (0.1) or a percentage (10%)")
        }
    }

    func build(name: String, nameOffset: Int, spec: Spec, arguments: [Argument], closeOffset: Int) throws(DistributionParseError) -> Distribution {
        // Choose the form from the first label; unlabelled arguments fill the first form in order.
        var form = spec.forms[0]
        if let labelled = arguments.first(where: { $0.label != nil }), let label = labelled.label {
            guard let chosen = spec.forms.first(where: { $0.contains { $0.names.contains(label) } }) else {
                throw error(.unknownParameter, at: labelled.labelOffset, "unknown parameter '\(label)' for \(name)", fix: "write \(spec.example)")
            }
            form = chosen
        }
        var assigned: [Scalar?] = Array(repeating: nil, count: form.count)
        var position = 0
        for argument in arguments {
            guard case .scalar(let scalar) = argument.value else {
                throw error(.syntax, at: argument.valueOffset, "\(name) takes no list", fix: "write \(spec.example)")
            }
            let slot: Int
            if let label = argument.label {
                guard let found = form.firstIndex(where: { $0.names.contains(label) }) else {
                    let inOtherForm = spec.forms.contains { $0.contains { $0.names.contains(label) } }
                    throw error(inOtherForm ? .duplicateParameter : .unknownParameter, at: argument.labelOffset,
                                inOtherForm ? "'\(label)' cannot be combined with '\(form.map { $0.names[0] }.joined(separator: "', '"))' in \(name)"
                                            : "unknown parameter '\(label)' for \(name)",
                                fix: "write \(spec.example)")
                }
                slot = found
            } else {
                guard spec.positional else {
                    throw error(.syntax, at: argument.labelOffset, "\(name) needs labelled parameters", fix: "write \(spec.example)")
                }
                guard position < form.count else {
                    throw error(.syntax, at: argument.labelOffset, "too many values for \(name) (it takes \(form.count))", fix: "write \(spec.example)")
                }
                slot = position
                position += 1
            }
            if assigned[slot] != nil {
                throw error(.duplicateParameter, at: argument.labelOffset, "\(form[slot].names[0]) is given twice in \(name)", fix: "write \(spec.example)")
            }
            assigned[slot] = scalar
        }
        var values: [Double] = []
        for (slot, parameter) in form.enumerated() {
            guard let scalar = assigned[slot] else {
                throw error(.missingParameter, at: closeOffset, "\(name) is missing '\(parameter.names[0])'", fix: "write \(spec.example)")
            }
            values.append(try value(scalar, kind: parameter.kind, name: parameter.names[0], spec: spec))
        }
        // Time parameters of one distribution share a unit: `uniform(1ms, 3)` is a typo, not 1 ms to 3 s.
        let timeScalars = form.indices.filter { form[$0].kind == .time }.compactMap { assigned[$0] }
        let hasDuration = timeScalars.contains { if case .duration = $0.quantity { true } else { false } }
        if hasDuration, let bare = timeScalars.first(where: { if case .number(let v) = $0.quantity { v != 0 } else { false } }) {
            throw error(.unitMismatch, at: bare.offset, "'\(bare.token)' has no unit while other parameters of \(name) are durations",
                        fix: "give every duration a unit, e.g. \(spec.example)")
        }
        let distribution: Distribution
        switch (name, form[0].names[0]) {
        case ("constant", _): distribution = .constant(values[0])
        case ("uniform", _): distribution = .uniform(lower: values[0], upper: values[1])
        case ("exponential", "mean"): distribution = .exponential(mean: values[0])
        case ("exponential", _):
            guard values[0] > 0 else {
                throw error(.invalidParameters, at: assigned[0]!.offset, "exponential rate must be positive", fix: "write e.g. exponential(rate: 50/s)")
            }
            distribution = .exponential(rate: values[0])
        case ("normal", _): distribution = .normal(mean: values[0], standardDeviation: values[1])
        case ("lognormal", "median"):
            guard values[0] > 0 else {
                throw error(.invalidParameters, at: assigned[0]!.offset, "lognormal median must be positive", fix: "write e.g. lognormal(median: 8ms, p99: 40ms)")
            }
            guard values[1] >= values[0] else {
                throw error(.invalidParameters, at: assigned[1]!.offset, "lognormal p99 '\(assigned[1]!.token)' is below the median '\(assigned[0]!.token)'",
                            fix: "the 99th percentile must be at least the median, e.g. lognormal(median: 8ms, p99: 40ms)")
            }
            distribution = .lognormal(median: values[0], p99: values[1])
        case ("lognormal", _): distribution = .lognormal(mu: values[0], sigma: values[1])
        case ("pareto", _): distribution = .pareto(scale: values[0], shape: values[1])
        case ("weibull", _): distribution = .weibull(scale: values[0], shape: values[1])
        default: distribution = .bernoulli(probability: values[0])
        }
        if let problem = distribution.validationProblem {
            let blamed = assigned.last!!
            throw error(.invalidParameters, at: blamed.offset, problem, fix: "e.g. \(spec.example)")
        }
        return distribution
    }

    func buildEmpirical(_ arguments: [Argument], closeOffset: Int, spec: Spec) throws(DistributionParseError) -> Distribution {
        guard arguments.count == 1, case .list(let entries, let listOffset) = arguments[0].value,
              arguments[0].label == nil || arguments[0].label == "percentiles" else {
            throw error(.syntax, at: arguments.first?.labelOffset ?? closeOffset, "empirical takes one percentile list in brackets",
                        fix: "write \(spec.example)")
        }
        var points: [(probability: Double, value: Double)] = []
        for entry in entries {
            guard entry.label.hasPrefix("p"), let percent = Double(entry.label.dropFirst()), percent >= 0, percent <= 100 else {
                throw error(.unknownParameter, at: entry.labelOffset, "'\(entry.label)' is not a percentile label",
                            fix: "label each value with its percentile from p0 to p100, e.g. \(spec.example)")
            }
            // "99.9e-2" is read with one correct rounding (99.9 / 100 would round twice).
            let probability = Double(entry.label.dropFirst() + "e-2") ?? percent / 100
            points.append((probability, try value(entry.value, kind: .time, name: entry.label, spec: spec)))
        }
        let hasDuration = entries.contains { if case .duration = $0.value.quantity { true } else { false } }
        if hasDuration, let bare = entries.first(where: { if case .number(let v) = $0.value.quantity { v != 0 } else { false } }) {
            throw error(.unitMismatch, at: bare.value.offset, "'\(bare.value.token)' has no unit while other percentiles are durations",
                        fix: "give every value a unit, e.g. \(spec.example)")
        }
        do {
            return .empirical(try EmpiricalDistribution(points: points))
        } catch {
            let offset: Int
            switch error {
            case .tooFewPoints, .missingEndpoints: offset = listOffset
            case .probabilitiesNotIncreasing(let i): offset = entries[i].labelOffset
            case .valuesDecreasing(let i): offset = entries[i].value.offset
            }
            throw self.error(.invalidParameters, at: offset, error.description, fix: "list percentiles in increasing order from p0 to p100, e.g. \(spec.example)")
        }
    }

    /// The candidate within edit distance 2 of `word`, if any (for "did you mean" hints).
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let d = editDistance(Array(word.lowercased()), Array(candidate))
            if d <= 2, best == nil || d < best!.1 { best = (candidate, d) }
        }
        return best?.0
    }

    /// Levenshtein distance (Wagner–Fischer, one row).
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let substitution = previous + (a[i - 1] == b[j - 1] ? 0 : 1)
                previous = row[j]
                row[j] = min(substitution, row[j] + 1, row[j - 1] + 1)
            }
        }
        return row[b.count]
    }
}
