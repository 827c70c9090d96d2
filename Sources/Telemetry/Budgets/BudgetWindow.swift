import SimulationPrimitives

/// A budget's evaluation window, `during: 2m..10m` (k6 lacks one: k6#2379; Gatling Enterprise
/// has time windows, reference/loadtest-chaos.md §1–2). Times are offsets from the run's start.
///
/// `2m..` runs to the end of the run; `..10m` starts at the run's start (after warm-up when the
/// evaluator excludes it).
public struct BudgetWindow: Sendable, Equatable {
    public var start: SimDuration
    /// nil: to the end of the run.
    public var end: SimDuration?
    /// The window as written, e.g. `2m..10m`.
    public var text: String

    public init(start: SimDuration, end: SimDuration?, text: String) { self.start = start; self.end = end; self.text = text }

    /// Parses `2m..10m`, `30s..`, `..5m` (an optional leading `during:` is accepted).
    /// - Throws: ``BudgetParseError`` locating the bad bound.
    public static func parse(_ text: String) throws(BudgetParseError) -> BudgetWindow {
        var body = Substring(text)
        var offset = 0
        func dropSpaces() { while let f = body.first, f == " " || f == "\t" { body.removeFirst(); offset += 1 } }
        dropSpaces()
        if body.hasPrefix("during:") { body.removeFirst(7); offset += 7; dropSpaces() }
        else if body.hasPrefix("during ") { body.removeFirst(7); offset += 7; dropSpaces() }
        guard let dots = body.firstRange(of: "..") else {
            throw BudgetParseError(text: text, column: offset + 1, problem: "a window needs 'start..end'", fix: "write e.g. 'during: 2m..10m'")
        }
        let startText = String(body[..<dots.lowerBound]).trimmingCharacters()
        let endText = String(body[dots.upperBound...]).trimmingCharacters()
        let endColumn = offset + body.distance(from: body.startIndex, to: dots.upperBound) + 1
        var start = SimDuration.zero
        if !startText.isEmpty {
            do { start = try SimDuration(parsing: startText) } catch {
                throw BudgetParseError(text: text, column: offset + 1, problem: "bad window start '\(startText)': \(error)", fix: "write e.g. 'during: 2m..10m'")
            }
        }
        var end: SimDuration?
        if !endText.isEmpty {
            do { end = try SimDuration(parsing: endText) } catch {
                throw BudgetParseError(text: text, column: endColumn, problem: "bad window end '\(endText)': \(error)", fix: "write e.g. 'during: 2m..10m'")
            }
            if let e = end, e <= start {
                throw BudgetParseError(text: text, column: endColumn, problem: "window end \(e) is not after its start \(start)",
                                       fix: "write the earlier time first, e.g. 'during: 2m..10m'")
            }
        }
        return BudgetWindow(start: start, end: end, text: String(body).trimmingCharacters())
    }
}

/// A closed-open span `[start, end)` of virtual time the evaluator asks a source about.
public struct BudgetTimeRange: Sendable, Equatable {
    public var start: SimDuration
    public var end: SimDuration
    public init(start: SimDuration, end: SimDuration) { self.start = start; self.end = end }
    public var seconds: Double { (end - start).seconds }
}
