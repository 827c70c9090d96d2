import Foundation
import SimulationPrimitives

/// A Kibana Query Language (KQL) subset over ECS log documents:
/// `service.name:compra-command and (http.response.status_code:503 or http.response.status_code:409)`.
///
/// Grammar (as in KQL, reference: Kibana's "KQL" page; keywords case-insensitive):
/// ```
/// query   := or
/// or      := and ( OR and )*              -- AND binds tighter than OR
/// and     := not ( AND not )*
/// not     := NOT not | primary
/// primary := '(' query ')' | field ':' value | field ':' '(' value ( OR value )* ')'
///          | field ( '>' | '>=' | '<' | '<=' ) number
/// ```
/// `value` is a word or a `"quoted phrase"`; `*` alone means "field exists", `prefix*` matches a
/// prefix; values compare numerically when both sides are numbers. Ranges may have spaces around
/// the operator (`http.response.status_code >= 500`, KQL's documented form). `event.duration`
/// (nanoseconds in ECS) also takes a duration with a unit: `event.duration > 100ms` → 100000000.
///
/// Everything else is an error (exit 2 in `cinesim logs`), never a silent zero: a bare word (KQL's
/// free-text search across all fields is not supported), two terms without AND/OR between them,
/// Lucene's `field:>=500` (KQL writes `field >= 500`), a non-numeric range bound, unbalanced
/// parentheses, a dangling AND/OR.
public struct LogQuery: Sendable, Equatable {
    public enum Comparison: String, Sendable { case equals = ":", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=" }
    public struct Term: Sendable, Equatable {
        public var field: String
        public var comparison: Comparison
        public var value: String
        public var negated: Bool
    }
    /// The parsed expression tree.
    public indirect enum Node: Sendable, Equatable {
        case term(Term)
        case and([Node])
        case or([Node])
        case not(Node)
    }
    /// nil for the empty query (matches everything).
    public var root: Node?

    /// Every field-level term, depth first (negation is on the enclosing ``Node/not(_:)``; a
    /// term's own `negated` is always false).
    public var terms: [Term] {
        func collect(_ n: Node) -> [Term] {
            switch n {
            case .term(let t): return [t]
            case .and(let c), .or(let c): return c.flatMap(collect)
            case .not(let c): return collect(c)
            }
        }
        return root.map(collect) ?? []
    }

    /// The field names the query mentions, in first-use order.
    public var fields: [String] {
        var out: [String] = []
        for t in terms where !out.contains(t.field) { out.append(t.field) }
        return out
    }

    /// Parses `text`; an empty query matches everything.
    /// - Throws: ``ReportError/invalidInput(_:)`` naming the problem and its 1-based column.
    ///   A dangling `AND` (`service.name:x AND`, `AND service.name:x`, `a AND AND b`) throws with
    ///   the column of that `AND` in `text`.
    public static func parse(_ text: String) throws -> LogQuery {
        if let column = danglingAndColumn(text) {
            throw ReportError.invalidInput("query '\(text)': AND at column \(column) needs a term on both sides")
        }
        var parser = Parser(text: text, tokens: try tokenize(text))
        if parser.tokens.isEmpty { return LogQuery(root: nil) }
        let root = try parser.parseOr()
        if let extra = parser.peek {
            throw parser.error(at: extra, extra.kind == .rparen ? "')' without a matching '('" : "expected AND or OR before '\(extra.text)'",
                               fix: extra.kind == .rparen ? "remove it or add '(' before" : "join terms with AND or OR, e.g. 'a:1 AND b:2'")
        }
        return LogQuery(root: root)
    }

    // MARK: Tokens

    struct Token: Equatable {
        enum Kind: Equatable { case word, quoted, lparen, rparen, colon, op }
        var kind: Kind
        var text: String
        var column: Int
        func isKeyword(_ k: String) -> Bool { kind == .word && text.uppercased() == k }
    }

    static func tokenize(_ text: String) throws -> [Token] {
        let chars = Array(text)
        var tokens: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" { i += 1; continue }
            let column = i + 1
            switch c {
            case "(": tokens.append(Token(kind: .lparen, text: "(", column: column)); i += 1
            case ")": tokens.append(Token(kind: .rparen, text: ")", column: column)); i += 1
            case ":": tokens.append(Token(kind: .colon, text: ":", column: column)); i += 1
            case ">", "<":
                if i + 1 < chars.count, chars[i + 1] == "=" { tokens.append(Token(kind: .op, text: String(c) + "=", column: column)); i += 2 }
                else { tokens.append(Token(kind: .op, text: String(c), column: column)); i += 1 }
            case "\"":
                var j = i + 1, value = ""
                while j < chars.count, chars[j] != "\"" {
                    if chars[j] == "\\", j + 1 < chars.count { value.append(chars[j + 1]); j += 2; continue }
                    value.append(chars[j]); j += 1
                }
                guard j < chars.count else {
                    throw ReportError.invalidInput("query '\(text)': quote at column \(column) is never closed")
                }
                tokens.append(Token(kind: .quoted, text: value, column: column)); i = j + 1
            default:
                var j = i, word = ""
                while j < chars.count, !" \t()\":<>".contains(chars[j]) {
                    if chars[j] == "\\", j + 1 < chars.count { word.append(chars[j + 1]); j += 2; continue }
                    word.append(chars[j]); j += 1
                }
                tokens.append(Token(kind: .word, text: word, column: column)); i = j
            }
        }
        return tokens
    }

    // MARK: Parser

    struct Parser {
        let text: String
        var tokens: [Token]
        var position = 0
        var peek: Token? { position < tokens.count ? tokens[position] : nil }
        mutating func next() -> Token? { defer { position += 1 }; return peek }

        func error(at token: Token?, _ problem: String, fix: String) -> ReportError {
            let column = token?.column ?? (text.count + 1)
            return ReportError.invalidInput("query '\(text)': column \(column): \(problem) (\(fix))")
        }

        mutating func parseOr() throws -> Node {
            var parts = [try parseAnd()]
            while let t = peek, t.isKeyword("OR") {
                position += 1
                guard peek != nil, !(peek!.isKeyword("OR") || peek!.isKeyword("AND")), peek!.kind != .rparen else {
                    throw error(at: t, "OR needs a term on both sides", fix: "write e.g. 'a:1 OR b:2'")
                }
                parts.append(try parseAnd())
            }
            return parts.count == 1 ? parts[0] : .or(parts)
        }

        mutating func parseAnd() throws -> Node {
            var parts = [try parseNot()]
            while let t = peek, t.isKeyword("AND") {
                position += 1
                parts.append(try parseNot())
            }
            return parts.count == 1 ? parts[0] : .and(parts)
        }

        mutating func parseNot() throws -> Node {
            if let t = peek, t.isKeyword("NOT") {
                position += 1
                guard peek != nil else { throw error(at: nil, "NOT needs a term after it", fix: "write e.g. 'NOT log.level:info'") }
                return .not(try parseNot())
            }
            return try parsePrimary()
        }

        mutating func parsePrimary() throws -> Node {
            guard let t = next() else { throw error(at: nil, "the query ends where a term was expected", fix: "add a term such as service.name:compra-command") }
            switch t.kind {
            case .lparen:
                let inner = try parseOr()
                guard let close = next(), close.kind == .rparen else {
                    throw error(at: t, "'(' is never closed", fix: "add ')'")
                }
                _ = close
                return inner
            case .word where t.isKeyword("AND") || t.isKeyword("OR"):
                throw error(at: t, "\(t.text.uppercased()) needs a term on both sides", fix: "write e.g. 'a:1 \(t.text.uppercased()) b:2'")
            case .word:
                return try parseFieldTerm(field: t)
            case .quoted:
                throw error(at: t, "free-text search (\"\(t.text)\" without a field) is not supported", fix: "name a field, e.g. message:\"\(t.text)\"")
            case .rparen:
                throw error(at: t, "')' where a term was expected", fix: "check the parentheses")
            case .colon, .op:
                throw error(at: t, "'\(t.text)' needs a field name before it", fix: "write e.g. service.name:compra-command or http.response.status_code >= 500")
            }
        }

        mutating func parseFieldTerm(field: Token) throws -> Node {
            guard let op = peek, op.kind == .colon || op.kind == .op else {
                throw error(at: field, "'\(field.text)' is a bare word; free-text search across all fields is not supported",
                            fix: "write field:value (e.g. service.name:\(field.text)) or a range (http.response.status_code >= 500)")
            }
            position += 1
            if op.kind == .op {
                guard let bound = next(), bound.kind == .word || bound.kind == .quoted else {
                    throw error(at: op, "'\(field.text) \(op.text)' needs a number after the operator", fix: "write e.g. \(field.text) \(op.text) 500")
                }
                let value = try LogQuery.rangeValue(field: field.text, bound.text) { problem, fix in error(at: bound, problem, fix: fix) }
                return .term(Term(field: field.text, comparison: Comparison(rawValue: op.text)!, value: value, negated: false))
            }
            guard let value = next() else {
                throw error(at: op, "'\(field.text):' needs a value", fix: "write e.g. \(field.text):value, or \(field.text):* for 'exists'")
            }
            switch value.kind {
            case .word where value.isKeyword("AND") || value.isKeyword("OR") || value.isKeyword("NOT"):
                throw error(at: value, "'\(field.text):' needs a value before \(value.text.uppercased())", fix: "quote it to search for the word: \(field.text):\"\(value.text)\"")
            case .word, .quoted:
                return .term(Term(field: field.text, comparison: .equals, value: LogQuery.equalityValue(field: field.text, value.text), negated: false))
            case .op:
                let bound = peek.map { $0.kind == .word || $0.kind == .quoted ? $0.text : "N" } ?? "N"
                throw error(at: value, "'\(field.text):\(value.text)\(bound)' is Lucene query-string syntax, not KQL",
                            fix: "KQL writes ranges without the colon: \(field.text) \(value.text) \(bound)")
            case .lparen:
                // KQL's value list: field:(a or b or c).
                var alternatives: [Node] = []
                while true {
                    guard let v = next(), v.kind == .word || v.kind == .quoted, !(v.kind == .word && (v.isKeyword("OR") || v.isKeyword("AND"))) else {
                        throw error(at: value, "'\(field.text):(…)' needs values separated by OR", fix: "write e.g. \(field.text):(503 or 409)")
                    }
                    alternatives.append(.term(Term(field: field.text, comparison: .equals, value: LogQuery.equalityValue(field: field.text, v.text), negated: false)))
                    guard let sep = next() else { throw error(at: value, "'(' is never closed", fix: "add ')'") }
                    if sep.kind == .rparen { break }
                    guard sep.isKeyword("OR") else {
                        throw error(at: sep, "only OR is supported inside a value list", fix: "write \(field.text):(a or b), or spell out terms joined by AND")
                    }
                }
                return alternatives.count == 1 ? alternatives[0] : .or(alternatives)
            case .colon, .rparen:
                throw error(at: value, "'\(field.text):' needs a value", fix: "write e.g. \(field.text):value")
            }
        }
    }

    /// Fields whose values are durations in nanoseconds (ECS `event.duration`), so a bound may be
    /// written with a unit (`100ms`).
    static let durationFields: Set<String> = ["event.duration"]

    /// The ECS time field: its range bounds are times, compared as milliseconds since the
    /// ``VirtualClock`` epoch (2025-01-01T00:00:00Z, the run's start).
    static let timestampField = "@timestamp"

    /// A range bound as a number; for ``durationFields`` a duration with a unit becomes nanoseconds;
    /// for `@timestamp` an ISO-8601 UTC time (`2025-01-01T00:05:00`, `…:00.500Z`, `2025-01-01`) or a
    /// time since the run's start with a unit (`5m`) becomes milliseconds since the epoch. A bare
    /// number for `@timestamp` is an error (epoch milliseconds and seconds since start both read
    /// naturally, so neither is guessed); `0` is a duration and means the run's start.
    static func rangeValue(field: String, _ text: String, error: (String, String) -> ReportError) throws -> String {
        if field == timestampField {
            if let ms = timestampOffsetMilliseconds(text) { return String(ms) }
            if let d = try? SimDuration(parsing: text) { return String(d.nanoseconds / 1_000_000) }
            throw error("'\(text)' is not a time for @timestamp", "write an ISO-8601 UTC time such as \(field) >= \"2025-01-01T00:05:00\", or a time since the run's start with a unit: \(field) >= 5m")
        }
        if Double(text) != nil { return text }
        if durationFields.contains(field) {
            if let d = try? SimDuration(parsing: text) { return String(d.nanoseconds) }
            throw error("range bound '\(text)' is neither nanoseconds nor a duration", "write e.g. \(field) > 100ms or \(field) > 100000000")
        }
        throw error("range bound '\(text)' is not a number", "write e.g. \(field) >= 500")
    }

    /// Milliseconds since the epoch of an ISO-8601 UTC date-time: `YYYY-MM-DD`, optionally with
    /// `THH:MM`, `:SS`, `.fraction` (to milliseconds) and `Z`; nil for anything else (including a
    /// zone offset other than `Z` / `+00:00`).
    static func timestampOffsetMilliseconds(_ text: String) -> Int64? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(?:Z|\+00:?00)?$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let m = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        func group(_ i: Int) -> String? { Range(m.range(at: i), in: text).map { String(text[$0]) } }
        guard let y = group(1).flatMap({ Int64($0) }), let mo = group(2).flatMap({ Int64($0) }), let d = group(3).flatMap({ Int64($0) }),
              (1...12).contains(mo), (1...31).contains(d) else { return nil }
        let h = group(4).flatMap { Int64($0) } ?? 0, mi = group(5).flatMap { Int64($0) } ?? 0, sec = group(6).flatMap { Int64($0) } ?? 0
        let fraction = group(7).map { String(($0 + "00").prefix(3)) }.flatMap { Int64($0) } ?? 0
        let unixMs = (LogSearch.daysFromCivil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + sec) * 1000 + fraction
        return unixMs - VirtualClock.epochUnixSeconds * 1000
    }

    /// An equality value; `event.duration:250ms` is converted to nanoseconds like a range bound.
    static func equalityValue(field: String, _ text: String) -> String {
        if durationFields.contains(field), Double(text) == nil, let d = try? SimDuration(parsing: text) { return String(d.nanoseconds) }
        return text
    }

    /// The 1-based column of the first `AND` keyword (outside quotes) that lacks a term before or
    /// after it, or nil. Words are whitespace-separated; `AND` is case-insensitive, as in the parser.
    static func danglingAndColumn(_ text: String) -> Int? {
        let chars = Array(text)
        var words: [(word: String, column: Int)] = []
        var current = "", start = 0, inQuotes = false
        for (i, c) in chars.enumerated() {
            if c == "\"" { inQuotes.toggle() }
            if !inQuotes, c == " " || c == "\t" {
                if !current.isEmpty { words.append((current, start + 1)); current = "" }
            } else {
                if current.isEmpty { start = i }
                current.append(c)
            }
        }
        if !current.isEmpty { words.append((current, start + 1)) }
        for (k, w) in words.enumerated() where w.word.uppercased() == "AND" {
            let before = k > 0 && words[k - 1].word.uppercased() != "AND" && words[k - 1].word.uppercased() != "NOT"
            let after = k + 1 < words.count && words[k + 1].word.uppercased() != "AND"
            if !before || !after { return w.column }
        }
        return nil
    }

    /// Whether `document` (flat ECS fields) matches the query. A missing field matches no term
    /// (and so matches `NOT term`), as in Elasticsearch.
    public func matches(_ document: [String: LogValue]) -> Bool {
        guard let root else { return true }
        return Self.evaluate(root, document)
    }

    static func evaluate(_ node: Node, _ document: [String: LogValue]) -> Bool {
        switch node {
        case .term(let term):
            let hit = document[term.field].map { test($0, term) } ?? false
            return hit != term.negated
        case .and(let children): return children.allSatisfy { evaluate($0, document) }
        case .or(let children): return children.contains { evaluate($0, document) }
        case .not(let child): return !evaluate(child, document)
        }
    }

    static func test(_ v: LogValue, _ term: Term) -> Bool {
        if term.comparison == .equals {
            if term.value == "*" { return true }
            if term.value.hasSuffix("*") { return v.text.hasPrefix(String(term.value.dropLast())) }
            if case .number(let n) = v, let q = Double(term.value) { return n == q }
            return v.text == term.value
        }
        let number: Double?
        if term.field == timestampField, case .string(let t) = v { number = LogSearch.offsetMilliseconds(t).map(Double.init) }
        else if case .number(let n) = v { number = n } else { number = nil }
        guard let n = number, let q = Double(term.value) else { return false }
        switch term.comparison {
        case .greater: return n > q
        case .greaterOrEqual: return n >= q
        case .less: return n < q
        case .lessOrEqual: return n <= q
        case .equals: return false
        }
    }
}

/// A flat ECS field value.
public enum LogValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)

    public var text: String {
        switch self {
        case .string(let s): return s
        case .number(let n): return n == n.rounded() && abs(n) < 9e15 ? String(Int64(n)) : String(n)
        case .bool(let b): return b ? "true" : "false"
        }
    }
}
