import SimulationPrimitives

/// One budget: a target (route `POST /api/compras`, service `compra-command`, journey
/// `buy-tickets` or platform metric `oversold`, DESIGN §10), an expression, an optional window
/// and k6's `abortOnFail`/`delayAbortEval` (reference/loadtest-chaos.md §1).
///
/// ```swift
/// let b = try Budget.parse(target: "POST /api/compras", text: "p(99)<800ms during 2m..10m")
/// let c = try Budget(target: "oversold", expression: "==0", abortOnFail: true)
/// ```
public struct Budget: Sendable, Equatable {
    public var target: String
    public var expression: BudgetExpression
    public var window: BudgetWindow?
    /// Stop the run as soon as this budget breaks (k6 `abortOnFail`).
    public var abortOnFail: Bool
    /// Do not evaluate for abort before this much of the window has elapsed (k6 `delayAbortEval`).
    public var delayAbortEval: SimDuration

    /// Parses the parts of a long-form budget (`{threshold, during, abortOnFail, delayAbortEval}`).
    /// - Throws: ``BudgetParseError``; its column is relative to the string that failed (expression,
    ///   window or delay), whose text the error carries.
    public init(target: String, expression: String, window: String? = nil, abortOnFail: Bool = false,
                delayAbortEval: String? = nil) throws(BudgetParseError) {
        self.target = target
        self.expression = try BudgetExpression.parse(expression)
        self.window = try window.map { (w: String) throws(BudgetParseError) in try BudgetWindow.parse(w) }
        self.abortOnFail = abortOnFail
        self.delayAbortEval = .zero
        if let delay = delayAbortEval {
            do { self.delayAbortEval = try SimDuration(parsing: delay) } catch {
                throw BudgetParseError(text: delay, column: 1, problem: "bad delayAbortEval: \(error)", fix: "write e.g. '10s'")
            }
        }
    }

    public init(target: String, expression: BudgetExpression, window: BudgetWindow?, abortOnFail: Bool, delayAbortEval: SimDuration) {
        self.target = target; self.expression = expression; self.window = window
        self.abortOnFail = abortOnFail; self.delayAbortEval = delayAbortEval
    }

    /// Parses the compact one-string form:
    /// `<expression> [during[:] <window>] [abortOnFail[=true|false]] [delayAbortEval=<duration>]`,
    /// e.g. `p(99)<800ms during: 2m..10m abortOnFail delayAbortEval=30s`. The options are k6's
    /// names (reference/loadtest-chaos.md §1); the snake-case spellings `abort_on_fail` and
    /// `delay_abort_eval` are accepted too. Options follow the expression and window, in any order.
    /// - Throws: ``BudgetParseError`` with a column relative to `text`.
    public static func parse(target: String, text: String) throws(BudgetParseError) -> Budget {
        var expressionPart = text
        var abort = false
        var delay = SimDuration.zero
        var window: BudgetWindow?
        // Options are whole words after the expression; peel them off from the right.
        while true {
            let trimmed = expressionPart.trimmingTrailingSpaces()
            guard let space = trimmed.lastIndex(where: { $0 == " " || $0 == "\t" }) else { break }
            let word = String(trimmed[trimmed.index(after: space)...])
            let column = trimmed.distance(from: trimmed.startIndex, to: space) + 2
            let parts = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let key = parts[0]
            guard Self.abortKeys.contains(key) || Self.delayKeys.contains(key) else { break }
            if Self.abortKeys.contains(key) {
                if parts.count == 1 || parts[1] == "true" { abort = true }
                else if parts[1] == "false" { abort = false }
                else { throw BudgetParseError(text: text, column: column, problem: "'\(key)' takes true or false, found '\(parts[1])'", fix: "write 'abortOnFail' or 'abortOnFail=true'") }
            } else {
                guard parts.count == 2, !parts[1].isEmpty else {
                    throw BudgetParseError(text: text, column: column, problem: "'\(key)' needs a duration", fix: "write e.g. 'delayAbortEval=30s'")
                }
                do { delay = try SimDuration(parsing: parts[1]) } catch {
                    throw BudgetParseError(text: text, column: column + key.count + 1, problem: "bad delayAbortEval '\(parts[1])': \(error)", fix: "write e.g. 'delayAbortEval=30s'")
                }
            }
            expressionPart = String(trimmed[..<space])
        }
        if let range = expressionPart.firstRange(of: " during") {
            let windowText = String(expressionPart[range.lowerBound...])
            let columnOffset = expressionPart.distance(from: expressionPart.startIndex, to: range.lowerBound)
            do { window = try BudgetWindow.parse(windowText) } catch {
                throw BudgetParseError(text: text, column: error.column + columnOffset, problem: error.problem, fix: error.fix)
            }
            expressionPart = String(expressionPart[..<range.lowerBound])
        }
        let expression: BudgetExpression
        do { expression = try BudgetExpression.parse(expressionPart) } catch {
            throw BudgetParseError(text: text, column: error.column, problem: error.problem, fix: error.fix)
        }
        return Budget(target: target, expression: expression, window: window, abortOnFail: abort, delayAbortEval: delay)
    }

    /// Accepted spellings of k6's `abortOnFail` (k6's own first).
    public static let abortKeys = ["abortOnFail", "abort_on_fail"]
    /// Accepted spellings of k6's `delayAbortEval` (k6's own first).
    public static let delayKeys = ["delayAbortEval", "delay_abort_eval"]

    /// Checks a target's budgets together: `recovery` needs at least one other budget on the same
    /// target that can be evaluated per time bucket (percentile p50/p95/p99, `rate`,
    /// `availability`), because "back within budget" is defined by them.
    /// - Throws: ``BudgetParseError`` located at the recovery expression.
    public static func validate(_ budgets: [Budget]) throws(BudgetParseError) {
        for b in budgets {
            guard case .recovery = b.expression.aggregate else { continue }
            let criteria = budgets.filter { $0.target == b.target && $0.expression.aggregate.isRecoveryCriterion }
            if criteria.isEmpty {
                throw BudgetParseError(text: b.expression.text, column: 1,
                                       problem: "recovery on '\(b.target)' needs another budget on the same target to define 'within budget'",
                                       fix: "add e.g. 'p(99)<800ms' or 'rate<0.01' for '\(b.target)'")
            }
        }
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

extension BudgetAggregate {
    /// Aggregations whose per-bucket value defines "within budget" for `recovery`.
    public var isRecoveryCriterion: Bool {
        switch self {
        case .percentile(let p): return p == 50 || p == 95 || p == 99
        case .errorRate, .availability: return true
        default: return false
        }
    }
}
