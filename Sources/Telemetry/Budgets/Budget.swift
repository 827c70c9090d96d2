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

    /// Parses the compact one-string form: `<expression> [during[:] <window>] [abortOnFail]`,
    /// e.g. `p(99)<800ms during: 2m..10m abortOnFail`.
    /// - Throws: ``BudgetParseError`` with a column relative to `text`.
    public static func parse(target: String, text: String) throws(BudgetParseError) -> Budget {
        var expressionPart = text
        var abort = false
        var window: BudgetWindow?
        // Options are whole words after the expression; scan from the right.
        if let range = text.firstRange(of: " abortOnFail"), String(text[range.upperBound...]).trimmingCharacters().isEmpty {
            abort = true
            expressionPart = String(text[..<range.lowerBound])
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
        return Budget(target: target, expression: expression, window: window, abortOnFail: abort, delayAbortEval: .zero)
    }

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
