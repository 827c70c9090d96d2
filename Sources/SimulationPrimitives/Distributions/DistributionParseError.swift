/// Why a distribution text did not parse: what is wrong, where (an offset into the text), and how
/// to fix it. The scenario loader adds the file, line and the column of the text's start, giving
/// `scenario.yaml:14:22: unknown distribution 'lognormall' …`.
///
/// ```swift
/// do { _ = try Distribution(parsing: "lognormal(median: 8ms, p90: 40ms)") }
/// catch { print(error) }  // column 24: unknown parameter 'p90' for lognormal; write lognormal(median: 8ms, p99: 40ms) …
/// ```
public struct DistributionParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The category of the problem, for programmatic matching.
    public enum Kind: String, Equatable, Sendable {
        /// The text is empty.
        case empty
        /// The name before `(` is not a known distribution.
        case unknownDistribution
        /// A character or token where another was expected (missing `(`, `)`, `,`, `:`).
        case syntax
        /// A parameter label the distribution does not have.
        case unknownParameter
        /// A required parameter is absent.
        case missingParameter
        /// A parameter is given twice (or both a label and its alias).
        case duplicateParameter
        /// A value is not a number, duration, percentage or rate.
        case badValue
        /// A value of the wrong unit: a bare number where a duration is needed, or the reverse.
        case unitMismatch
        /// The values parse but do not define a distribution (p99 below the median, a negative mean…).
        case invalidParameters
    }

    /// What went wrong.
    public let kind: Kind
    /// The whole text that was parsed.
    public let text: String
    /// Zero-based offset of the offending token in `text`, counted in Unicode scalars (equal to
    /// characters for the ASCII syntax). ``column`` is this plus one.
    public let offset: Int
    /// What is wrong, naming the offending token.
    public let problem: String
    /// How to fix it, with an example of valid syntax.
    public let fix: String

    /// Creates an error; `offset` is zero-based.
    public init(kind: Kind, text: String, offset: Int, problem: String, fix: String) {
        self.kind = kind; self.text = text; self.offset = offset; self.problem = problem; self.fix = fix
    }

    /// One-based column of the offending token within the text.
    public var column: Int { offset + 1 }

    /// `column N: <problem>; <fix>`.
    public var description: String { "column \(column): \(problem); \(fix)" }
}
