/// Why a budget expression did not parse, located by column so the scenario loader can report
/// `file:line:column` (DESIGN §4: "Invalid input gets file:line:column: what is wrong", exit 2).
///
/// `column` is 1-based, counted in characters of ``text`` (the string as given to the parser);
/// a loader adds the YAML scalar's own column minus one to locate it in the file.
public struct BudgetParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The whole text that was parsed.
    public var text: String
    /// 1-based character column of the offending part.
    public var column: Int
    /// What is wrong.
    public var problem: String
    /// How to fix it, as an example the user can paste.
    public var fix: String

    public init(text: String, column: Int, problem: String, fix: String) {
        self.text = text; self.column = column; self.problem = problem; self.fix = fix
    }

    /// `column 4: unknown aggregation 'p95' in 'p95<200ms' (write p(95)<200ms)`.
    public var description: String { "column \(column): \(problem) in '\(text)' (\(fix))" }
}
