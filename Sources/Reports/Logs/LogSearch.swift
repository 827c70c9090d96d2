import Foundation
import SimulationPrimitives
import Telemetry

/// Answers Kibana-style questions over a run's `logs.ndjson` (reference/store-auth-logs.md §3.4):
/// filter + count, a `date_histogram` with a fixed interval (bucket key =
/// `floor(t / interval) × interval`, empty buckets between the first and last kept, like
/// `min_doc_count: 0`), and `percentiles` of `event.duration` at Elasticsearch's default percents
/// `[1, 5, 25, 50, 75, 95, 99]` — computed exactly (nearest rank) instead of by TDigest.
public struct LogSearch: Sendable {
    public var documents: [[String: LogValue]]
    /// Every line as read, in order (for re-emitting matches verbatim).
    public var lines: [String]

    public init(ndjson: String) throws {
        var docs: [[String: LogValue]] = [], kept: [String] = []
        for (n, line) in ndjson.split(separator: "\n", omittingEmptySubsequences: true).enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw ReportError.invalidInput("logs.ndjson line \(n + 1) is not a JSON object")
            }
            var doc: [String: LogValue] = [:]
            for (k, v) in object {
                if let b = v as? Bool, type(of: v) == type(of: true as Any) { doc[k] = .bool(b) }
                else if let num = v as? NSNumber { doc[k] = .number(num.doubleValue) }
                else if let s = v as? String { doc[k] = .string(s) }
            }
            docs.append(doc); kept.append(String(line))
        }
        documents = docs; lines = kept
    }

    /// Reads `<run>/logs.ndjson` (or the file itself when `path` is a file).
    public static func load(path: String) throws -> LogSearch {
        var isDirectory: ObjCBool = false
        let file = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
            ? (path as NSString).appendingPathComponent("logs.ndjson") : path
        guard let data = FileManager.default.contents(atPath: file) else { throw ReportError.invalidInput("cannot read \(file)") }
        return try LogSearch(ndjson: String(decoding: data, as: UTF8.self))
    }

    /// Every field name that occurs in some document, sorted.
    public var fieldNames: [String] {
        var seen: Set<String> = []
        for d in documents { for k in d.keys { seen.insert(k) } }
        return seen.sorted()
    }

    /// Throws when `query` names a field no document has (a typo such as `servce.name` would
    /// otherwise match nothing and print a silent "0 of N").
    /// - Throws: ``ReportError/invalidInput(_:)`` listing the fields that exist.
    public func checkFields(of query: LogQuery) throws {
        guard !documents.isEmpty else { return }
        let known = fieldNames
        for field in query.fields where !known.contains(field) {
            let hint = LogSearch.closest(field, among: known).map { "did you mean '\($0)'? " } ?? ""
            throw ReportError.invalidInput("query field '\(field)' occurs in none of the \(documents.count) documents (\(hint)fields: \(known.joined(separator: ", ")))")
        }
        // A range on a text field (other than @timestamp, whose bounds are times) never matches.
        for term in query.terms where term.comparison != .equals && term.field != LogQuery.timestampField {
            let numeric = documents.contains { if case .number = $0[term.field] { true } else { false } }
            if !numeric {
                throw ReportError.invalidInput("query field '\(term.field)' holds text, not numbers, so '\(term.field) \(term.comparison.rawValue) …' would match nothing "
                    + "(ranges work on numeric fields such as http.response.status_code and event.duration, and on @timestamp; use \(term.field):value or \(term.field):prefix*)")
            }
        }
    }

    /// Indices of documents matching `query`.
    public func filter(_ query: LogQuery) -> [Int] { documents.indices.filter { query.matches(documents[$0]) } }

    /// Elasticsearch's default `percentiles` percents.
    public static let defaultPercents: [Double] = [1, 5, 25, 50, 75, 95, 99]

    /// Nearest-rank percentiles of `event.duration` (ns) over `indices`.
    public func durationPercentiles(_ indices: [Int], percents: [Double] = LogSearch.defaultPercents) -> [(percent: Double, nanoseconds: Double)] {
        let values = indices.compactMap { i -> Double? in if case .number(let n) = documents[i]["event.duration"] { return n }; return nil }.sorted()
        guard !values.isEmpty else { return [] }
        return percents.map { p in
            let rank = max(1, Int((p / 100 * Double(values.count)).rounded(.up)))
            return (p, values[min(rank, values.count) - 1])
        }
    }

    /// Milliseconds since the ``VirtualClock`` epoch of a document's `@timestamp`.
    public static func offsetMilliseconds(_ timestamp: String) -> Int64? {
        // 2025-01-01T00:00:00.000Z
        let c = Array(timestamp.utf8)
        guard c.count >= 20 else { return nil }
        func int(_ r: Range<Int>) -> Int64? { Int64(String(decoding: c[r], as: UTF8.self)) }
        guard let y = int(0..<4), let mo = int(5..<7), let d = int(8..<10), let h = int(11..<13), let mi = int(14..<16), let s = int(17..<19) else { return nil }
        let ms = c.count >= 23 && c[19] == UInt8(ascii: ".") ? (int(20..<23) ?? 0) : 0
        let days = daysFromCivil(y, mo, d)
        let unixMs = ((days * 86_400 + h * 3600 + mi * 60 + s) * 1000) + ms
        return unixMs - VirtualClock.epochUnixSeconds * 1000
    }

    /// Hinnant's `days_from_civil`.
    static func daysFromCivil(_ y0: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Buckets of `interval` over `indices`: (bucket start offset, count), first to last bucket.
    public func dateHistogram(_ indices: [Int], interval: SimDuration) -> [(start: SimDuration, count: Int)] {
        let width = max(1, interval.nanoseconds / 1_000_000)
        var keys: [Int64] = []
        for i in indices {
            guard case .string(let ts) = documents[i]["@timestamp"], let ms = LogSearch.offsetMilliseconds(ts) else { continue }
            keys.append(VirtualClock.floorDiv(ms, width) * width)
        }
        guard let lo = keys.min(), let hi = keys.max() else { return [] }
        var counts = [Int](repeating: 0, count: Int((hi - lo) / width) + 1)
        for k in keys { counts[Int((k - lo) / width)] += 1 }
        return counts.enumerated().map { (SimDuration.milliseconds(lo + Int64($0.offset) * width), $0.element) }
    }

    /// The known field nearest to `word` by edit distance when it is a likely typo (≤ 2 edits).
    static func closest(_ word: String, among candidates: [String]) -> String? {
        func distance(_ a: [Character], _ b: [Character]) -> Int {
            var previous = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var current = [i] + Array(repeating: 0, count: b.count)
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                previous = current
            }
            return previous[b.count]
        }
        let w = Array(word)
        let best = candidates.map { ($0, distance(w, Array($0))) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 2 ? $0.0 : nil }
    }
}
