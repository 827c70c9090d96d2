import Testing
import SimulationPrimitives
import Telemetry
@testable import Reports

@Suite struct LogSearchTests {
    static let search = try! LogSearch(ndjson: ECSLogWriter.ndjson(ReportFixtures.logEvents()))

    @Test func filtersByFieldsRangesPrefixesAndNegation() throws {
        let s = Self.search
        #expect(s.filter(try LogQuery.parse("")).count == 40)
        #expect(s.filter(try LogQuery.parse("service.name:compra-command")).count == 20)
        #expect(s.filter(try LogQuery.parse("http.response.status_code:504")).count == 4)       // i = 9, 19, 29, 39
        #expect(s.filter(try LogQuery.parse("service.name:gateway AND http.response.status_code>=500")).count == 4)
        #expect(s.filter(try LogQuery.parse("service.node.name:compra-command-* AND NOT log.level:info")).count == 0)
        #expect(s.filter(try LogQuery.parse("error.type:*")).count == 4)
        #expect(s.filter(try LogQuery.parse("NOT trace.id:*")).count == 10)                     // i % 4 == 3
        #expect(s.filter(try LogQuery.parse("event.duration<5000000")).count == 4)             // 1…4 ms
        #expect(s.filter(try LogQuery.parse("message:\"request completed\" and log.level:info")).count == 36)
    }

    /// Events every 2.25 s from T+0 (ReportFixtures.logEvents): 20 of 40 are at or after T+45 s.
    @Test func timestampRangesTakeISOTimesOrTimeSinceStart() throws {
        let s = Self.search
        #expect(s.filter(try LogQuery.parse("@timestamp >= \"2025-01-01T00:00:45\"")).count == 20)
        #expect(s.filter(try LogQuery.parse("@timestamp >= \"2025-01-01T00:00:45.000Z\"")).count == 20)
        #expect(s.filter(try LogQuery.parse("@timestamp >= 45s")).count == 20)
        #expect(s.filter(try LogQuery.parse("@timestamp < \"2025-01-01T00:00:02.250Z\" and service.name:compra-command")).count == 1)
        #expect(s.filter(try LogQuery.parse("@timestamp >= \"2025-01-01\"")).count == 40)
        // A bare number is ambiguous (epoch ms? seconds since start?): an error, never a silent 0 of N;
        // 0 is the run's start either way (a duration may be written `0`), so it matches everything.
        #expect(throws: ReportError.self) { try LogQuery.parse("service.name:gateway and @timestamp > 500") }
        #expect(s.filter(try LogQuery.parse("service.name:gateway and @timestamp >= 0")).count == 20)
        // A range on a text field never matches: the search says so instead of printing 0 of N.
        #expect(throws: ReportError.self) { try s.checkFields(of: try LogQuery.parse("service.name > 5")) }
        try s.checkFields(of: try LogQuery.parse("@timestamp >= 45s and http.response.status_code >= 500"))
    }

    @Test func rejectsMalformedQueries() {
        #expect(throws: ReportError.self) { try LogQuery.parse("service.name") }
        #expect(throws: ReportError.self) { try LogQuery.parse("event.duration>fast") }
        #expect(throws: ReportError.self) { try LogQuery.parse("a:b AND  AND c:d") }
    }

    @Test func danglingAndIsRejectedWithItsColumn() {
        // "service.name:x AND": the AND starts at column 16 (1-based) and has no term after it.
        #expect(LogQuery.danglingAndColumn("service.name:x AND") == 16)
        #expect(LogQuery.danglingAndColumn("AND service.name:x") == 1)
        #expect(LogQuery.danglingAndColumn("a:b and and c:d") == 5)
        #expect(LogQuery.danglingAndColumn("message:\"x AND\" AND a:b") == nil)
        #expect(LogQuery.danglingAndColumn("a:b AND NOT c:d") == nil)
        do {
            _ = try LogQuery.parse("service.name:x AND")
            Issue.record("dangling AND parsed")
        } catch let error as ReportError {
            #expect("\(error)".contains("column 16"))
        } catch { Issue.record("unexpected \(error)") }
    }

    /// KQL's OR (any case), parentheses, value lists, spaced ranges and durations with units
    /// (issue 7, new user: these returned a silent "0 of N"). Fixture: event i = 0…39, even i on
    /// compra-command and odd on gateway, i % 10 == 9 is a 504 (all on gateway), else 201;
    /// event.duration = (i + 1) ms.
    @Test func orParenthesesRangesAndDurationUnits() throws {
        let s = Self.search
        func count(_ q: String) throws -> Int { s.filter(try LogQuery.parse(q)).count }
        #expect(try count("http.response.status_code:504 OR service.name:compra-command") == 24)
        #expect(try count("http.response.status_code:504 or service.name:compra-command") == 24)
        #expect(try count("http.response.status_code >= 500") == 4)
        #expect(try count("http.response.status_code>=500") == 4)
        #expect(try count("event.duration > 35ms") == 5)            // 36…40 ms
        #expect(try count("event.duration>=35ms") == 6)
        #expect(try count("event.duration < 1.5ms") == 1)
        #expect(try count("service.name:gateway AND (http.response.status_code:504 OR event.duration<=2ms)") == 5)
        #expect(try count("NOT (service.name:gateway OR error.type:*)") == 20)
        #expect(try count("http.response.status_code:(504 or 201)") == 40)
        // AND binds tighter than OR: (gateway ∧ 504) ∨ (duration < 2 ms) = 4 + 1.
        #expect(try count("service.name:gateway AND http.response.status_code:504 OR event.duration<2ms") == 5)
        #expect(try LogQuery.parse("event.duration>100ms").terms.map(\.value) == ["100000000"])
    }

    @Test func unsupportedSyntaxIsAnErrorNotAZero() throws {
        func message(_ q: String) -> String {
            do { _ = try LogQuery.parse(q); return "parsed" } catch { return "\(error)" }
        }
        #expect(message("http.response.status_code:>=500").contains("KQL writes ranges without the colon: http.response.status_code >= 500"))
        #expect(message("compra").contains("bare word"))
        #expect(message("service.name:a log.level:info").contains("expected AND or OR"))
        #expect(message("(service.name:a").contains("never closed"))
        #expect(message("service.name:a OR").contains("OR needs a term on both sides"))
        #expect(message("event.duration>fast").contains("neither nanoseconds nor a duration"))
        #expect(message("http.response.status_code>high").contains("not a number"))
        // A field no document has is an error too (a typo would otherwise count 0).
        #expect(throws: ReportError.self) { try Self.search.checkFields(of: try LogQuery.parse("servce.name:gateway")) }
        do { try Self.search.checkFields(of: try LogQuery.parse("servce.name:gateway")) } catch {
            #expect("\(error)".contains("did you mean 'service.name'?"))
        }
        try Self.search.checkFields(of: try LogQuery.parse("service.name:gateway OR error.type:*"))
    }

    @Test func percentilesAreNearestRankOfEventDuration() {
        // Durations 1…40 ms: nearest rank ⌈p/100 × 40⌉ → p50 = 20 ms, p95 = 38 ms, p99 = 40 ms, p1 = 1 ms.
        let p = Self.search.durationPercentiles(Array(0..<40), percents: [1, 50, 95, 99])
        #expect(p.map(\.nanoseconds) == [1_000_000, 20_000_000, 38_000_000, 40_000_000])
    }

    @Test func dateHistogramBucketsByFloorOfInterval() {
        // Events every 2.25 s from T+0 to T+87.75 s; 10 s buckets: floor(t/10)·10.
        let h = Self.search.dateHistogram(Array(0..<40), interval: .seconds(10))
        #expect(h.map(\.start) == (0..<9).map { SimDuration.seconds(Int64($0) * 10) })
        // [0,10): 0, 2.25, 4.5, 6.75, 9 → 5; [10,20): 11.25…18 → 4; … [60,70): 60.75…69.75 → 5; [70,80): 72…78.75 → 4; [80,90): 81…87.75 → 4.
        #expect(h.map(\.count) == [5, 4, 5, 4, 5, 4, 5, 4, 4])
        #expect(h.map(\.count).reduce(0, +) == 40)
    }
}
