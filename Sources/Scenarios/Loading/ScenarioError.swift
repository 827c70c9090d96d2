/// A problem in a scenario file, located at `file:line:column`, with a message that says what is
/// wrong and how to fix it (STYLE.md "Errors people can act on").
///
/// The command line maps this error to exit code 2 (DESIGN §10 "Exit codes") and writes nothing
/// under `reports/`. `description` is the one-line form printed to stderr:
/// `scenario.yaml:14:7: unknown key 'durration' (did you mean 'duration'?)`.
public struct ScenarioError: Error, Sendable, Equatable, CustomStringConvertible {
    /// File the problem is in (as given on the command line; `--set` for command-line overrides).
    public var file: String
    /// 1-based line and column (0 when unknown, e.g. a missing file).
    public var line: Int
    public var column: Int
    /// What is wrong, e.g. `unknown key 'durration'`.
    public var message: String
    /// How to fix it, e.g. `did you mean 'duration'?`; empty when there is nothing to add.
    public var fix: String

    public init(file: String, line: Int, column: Int, message: String, fix: String = "") {
        self.file = file; self.line = line; self.column = column; self.message = message; self.fix = fix
    }

    public init(at location: SourceLocation, _ message: String, fix: String = "") {
        self.init(file: location.file, line: location.line, column: location.column, message: message, fix: fix)
    }

    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return fix.isEmpty ? "\(place): \(message)" : "\(place): \(message) (\(fix))"
    }
}

/// Where a YAML node came from: a file and a 1-based line and column (Yams `Mark`).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) { self.file = file; self.line = line; self.column = column }
    public var description: String { "\(file):\(line):\(column)" }
}

/// Suggestions for misspelt keys and names.
public enum Suggestion {
    /// The candidate closest to `word` by Levenshtein distance, if close enough to be a likely typo
    /// (distance ≤ max(2, word.count / 3)). Ties go to the earlier candidate, so output is stable.
    public static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (String, Int)?
        for candidate in candidates {
            let distance = levenshtein(word.lowercased(), candidate.lowercased())
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best, distance <= max(2, word.count / 3) else { return nil }
        return candidate
    }

    /// `did you mean 'x'?` or a list of the allowed values.
    public static func fix(for word: String, among candidates: [String]) -> String {
        if let guess = closest(to: word, among: candidates) { return "did you mean '\(guess)'?" }
        return "expected one of: " + candidates.joined(separator: ", ")
    }

    static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
