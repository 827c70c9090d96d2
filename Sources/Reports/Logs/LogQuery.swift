import Foundation

/// A Kibana-style (KQL subset) query over ECS log documents:
/// `service.name:compra-command AND http.response.status_code>=500 AND NOT log.level:info`.
///
/// Terms are joined by `AND` (case-insensitive keyword); each is `field:value` (exact; `*` at the
/// end of the value matches a prefix; `"quoted values"` may hold spaces), `field:*` (field
/// exists) or a range `field>N`, `field>=N`, `field<N`, `field<=N` (numeric). `NOT` negates a
/// term. Values compare numerically when both sides are numbers (`http.response.status_code:500`).
public struct LogQuery: Sendable, Equatable {
    public enum Comparison: String, Sendable { case equals = ":", greater = ">", greaterOrEqual = ">=", less = "<", lessOrEqual = "<=" }
    public struct Term: Sendable, Equatable {
        public var field: String
        public var comparison: Comparison
        public var value: String
        public var negated: Bool
    }
    public var terms: [Term]

    /// Parses `text`; an empty query matches everything.
    /// - Throws: ``ReportError/invalidInput(_:)`` naming the bad term.
    ///   A dangling `AND` (`service.name:x AND`, `AND service.name:x`, `a AND AND b`) throws with
    ///   the 1-based column of that `AND` in `text`.
    public static func parse(_ text: String) throws -> LogQuery {
        if let column = danglingAndColumn(text) {
            throw ReportError.invalidInput("query '\(text)': AND at column \(column) needs a term on both sides")
        }
        var terms: [Term] = []
        for raw in splitOnAnd(text) {
            var part = raw.trimmingCharacters(in: .whitespaces)
            if part.isEmpty { throw ReportError.invalidInput("query '\(text)': empty term around AND") }
            var negated = false
            if part.uppercased().hasPrefix("NOT ") { negated = true; part = String(part.dropFirst(4)).trimmingCharacters(in: .whitespaces) }
            guard let opIndex = part.firstIndex(where: { $0 == ":" || $0 == ">" || $0 == "<" }) else {
                throw ReportError.invalidInput("query term '\(part)' needs field:value (e.g. service.name:compra-command) or a range (event.duration>1000000)")
            }
            let field = String(part[..<opIndex]).trimmingCharacters(in: .whitespaces)
            var rest = part[opIndex...]
            let comparison: Comparison
            if rest.hasPrefix(">=") { comparison = .greaterOrEqual; rest = rest.dropFirst(2) }
            else if rest.hasPrefix("<=") { comparison = .lessOrEqual; rest = rest.dropFirst(2) }
            else if rest.hasPrefix(">") { comparison = .greater; rest = rest.dropFirst() }
            else if rest.hasPrefix("<") { comparison = .less; rest = rest.dropFirst() }
            else { comparison = .equals; rest = rest.dropFirst() }
            var value = String(rest).trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            guard !field.isEmpty, !value.isEmpty else {
                throw ReportError.invalidInput("query term '\(part)' needs both a field and a value")
            }
            if comparison != .equals, Double(value) == nil {
                throw ReportError.invalidInput("range term '\(part)' needs a number (e.g. event.duration>=1000000)")
            }
            terms.append(Term(field: field, comparison: comparison, value: value, negated: negated))
        }
        return LogQuery(terms: terms)
    }

    /// The 1-based column of the first `AND` keyword (outside quotes) that lacks a term before or
    /// after it, or nil. Words are whitespace-separated; `AND` is case-insensitive, as in ``splitOnAnd(_:)``.
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

    /// Splits on the keyword AND outside quotes.
    static func splitOnAnd(_ text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return [] }
        var parts: [String] = [], current = "", inQuotes = false
        let chars = Array(trimmed)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\"" { inQuotes.toggle() }
            if !inQuotes, c == " ", i + 4 < chars.count, String(chars[(i + 1)...(i + 3)]).uppercased() == "AND", chars[i + 4] == " " {
                parts.append(current); current = ""; i += 5; continue
            }
            current.append(c); i += 1
        }
        parts.append(current)
        return parts
    }

    /// Whether `document` (flat ECS fields) matches every term.
    public func matches(_ document: [String: LogValue]) -> Bool {
        terms.allSatisfy { term in
            let hit: Bool
            if let v = document[term.field] {
                hit = LogQuery.test(v, term)
            } else {
                hit = false
            }
            return hit != term.negated
        }
    }

    static func test(_ v: LogValue, _ term: Term) -> Bool {
        if term.comparison == .equals {
            if term.value == "*" { return true }
            if term.value.hasSuffix("*") { return v.text.hasPrefix(String(term.value.dropLast())) }
            if case .number(let n) = v, let q = Double(term.value) { return n == q }
            return v.text == term.value
        }
        guard case .number(let n) = v, let q = Double(term.value) else { return false }
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
