import Testing
@testable import Telemetry

@Suite struct BudgetParsingTests {
    /// Expressions from reference/loadtest-chaos.md §1 (k6 thresholds) and DESIGN §4, normalised
    /// to canonical units (ms, fraction, percent, seconds).
    @Test(arguments: [
        ("p(95)<200ms", BudgetAggregate.percentile(95), BudgetComparison.less, 200.0),
        ("p(95)<200", .percentile(95), .less, 200), // k6: bare Trend thresholds are milliseconds
        ("p(99.9)<1s", .percentile(99.9), .less, 1000),
        ("p(99.99) <= 1.5s", .percentile(99.99), .lessOrEqual, 1500),
        ("avg<100ms", .mean, .less, 100),
        ("med < 50ms", .percentile(50), .less, 50),
        ("max<=2m", .maximum, .lessOrEqual, 120_000),
        ("min>1ms", .minimum, .greater, 1),
        ("rate<0.01", .errorRate, .less, 0.01),
        ("rate<1%", .errorRate, .less, 0.01),
        ("availability>=99.5%", .availability, .greaterOrEqual, 99.5),
        ("count>1000", .count, .greater, 1000),
        ("throughput>=200/s", .throughput, .greaterOrEqual, 200),
        ("oversold==0", .platformMetric("oversold"), .equal, 0),
        ("unauthorized_reaching_services===0", .platformMetric("unauthorized_reaching_services"), .equal, 0),
        ("seats_sold_per_s>=1500", .platformMetric("seats_sold_per_s"), .greaterOrEqual, 1500),
        ("requests_to_dead_instances<=250", .platformMetric("requests_to_dead_instances"), .lessOrEqual, 250),
        ("==0", .platformMetric(nil), .equal, 0),
        ("value!=3", .platformMetric(nil), .notEqual, 3),
        ("recovery<30s", .recovery(faultSelector: nil), .less, 30),
        ("recovery(kill)<=1m30s", .recovery(faultSelector: "kill"), .lessOrEqual, 90),
    ])
    func parsesValidExpressions(text: String, aggregate: BudgetAggregate, comparison: BudgetComparison, threshold: Double) throws {
        let e = try BudgetExpression.parse(text)
        #expect(e.aggregate == aggregate)
        #expect(e.comparison == comparison)
        #expect(abs(e.threshold - threshold) < 1e-9)
        #expect(e.text == text)
    }

    /// Error table: (text, 1-based column, a word of the problem, a word of the fix).
    @Test(arguments: [
        ("", 1, "empty", "p(95)<200ms"),
        ("p95<200ms", 1, "unknown aggregation 'p95'", "p(95)"),
        ("p(95<200ms", 5, "expected ')'", "p(95)<200ms"),
        ("p(101)<1s", 3, "outside 0…100", "p(99)"),
        ("p()<1s", 3, "percentile number", "p(99.9)"),
        ("mean<200ms", 1, "unknown aggregation 'mean'", "avg"),
        ("p(95)200ms", 6, "expected a comparison", "p(95)<200ms"),
        ("p(95) = 200ms", 7, "'=' is not a comparison", "=="),
        ("p(95)=<200ms", 6, "unknown comparison '=<'", "<="),
        ("p(95)<", 7, "expected a number", "p(95)<200ms"),
        ("p(95)<-5ms", 7, "negative", "non-negative"),
        ("p(95)<200parsecs", 10, "unknown unit 'parsecs'", "ms"),
        ("p(95)<5%", 8, "latency needs a duration", "200ms"),
        ("rate<5", 6, "fraction 0…1", "rate<1%"),
        ("rate<200ms", 9, "rate takes a fraction", "rate<0.01"),
        ("availability>=0.995", 15, "looks like a fraction", "99.5%"),
        ("availability>=101%", 15, "above 100%", "99.5%"),
        ("count>10.5", 7, "not a whole number", "count>1000"),
        ("recovery<30", 12, "recovery needs a duration unit", "recovery<30s"),
        ("oversold<5ms", 11, "not durations", "p(N)"),
        ("Oversold==0", 1, "lower_snake_case", "oversold==0"),
        ("p(95)<200ms and more", 13, "unexpected text", "one expression"),
        ("rps>100", 1, "unknown aggregation 'rps'", "throughput"),
        ("foo(1)<3", 1, "unknown aggregation 'foo(…)'", "p(N)"),
    ])
    func reportsLocatedErrors(text: String, column: Int, problem: String, fix: String) {
        do {
            _ = try BudgetExpression.parse(text)
            Issue.record("'\(text)' parsed but should not")
        } catch {
            #expect(error.column == column, "column for '\(text)': \(error)")
            #expect(error.problem.contains(problem), "problem for '\(text)': \(error.problem)")
            #expect(error.fix.contains(fix), "fix for '\(text)': \(error.fix)")
            #expect(error.description.hasPrefix("column \(column): "))
        }
    }

    @Test func parsesWindows() throws {
        let w = try BudgetWindow.parse("2m..10m")
        #expect(w.start == .minutes(2) && w.end == .minutes(10))
        let open = try BudgetWindow.parse("during: 30s..")
        #expect(open.start == .seconds(30) && open.end == nil && open.text == "30s..")
        let fromStart = try BudgetWindow.parse("..5m")
        #expect(fromStart.start == .zero && fromStart.end == .minutes(5))
        #expect(throws: BudgetParseError.self) { try BudgetWindow.parse("10m..2m") }
        do { _ = try BudgetWindow.parse("2m..10x") } catch { #expect(error.column == 5) }
        do { _ = try BudgetWindow.parse("2m-10m") } catch { #expect(error.problem.contains("start..end")) }
    }

    @Test func parsesCompactBudgetWithWindowAndAbort() throws {
        let b = try Budget.parse(target: "POST /api/compras", text: "p(99)<800ms during: 2m..10m abortOnFail")
        #expect(b.expression.aggregate == .percentile(99) && b.expression.threshold == 800)
        #expect(b.window?.start == .minutes(2) && b.window?.end == .minutes(10))
        #expect(b.abortOnFail)
        let plain = try Budget.parse(target: "oversold", text: "==0")
        #expect(plain.window == nil && !plain.abortOnFail)
        do { _ = try Budget.parse(target: "x", text: "p(99)<800ms during 2m..1m") } catch {
            #expect(error.column == 12 + 12 && error.problem.contains("not after"))
        }
        let long = try Budget(target: "buy-tickets", expression: "availability>=99%", window: "1m..", abortOnFail: true, delayAbortEval: "10s")
        #expect(long.delayAbortEval == .seconds(10) && long.window?.end == nil)
    }

    @Test func recoveryNeedsACriterionOnTheSameTarget() throws {
        let lonely = [try Budget.parse(target: "GET /api/funciones", text: "recovery<30s"),
                      try Budget.parse(target: "POST /api/compras", text: "p(99)<800ms")]
        #expect(throws: BudgetParseError.self) { try Budget.validate(lonely) }
        let ok = [try Budget.parse(target: "GET /api/funciones", text: "recovery<30s"),
                  try Budget.parse(target: "GET /api/funciones", text: "rate<0.01")]
        try Budget.validate(ok)
    }

    @Test func formatsValuesDeterministically() {
        #expect(BudgetFormat.value(412.3, unit: .milliseconds) == "412.3ms")
        #expect(BudgetFormat.value(1250, unit: .milliseconds) == "1.25s")
        #expect(BudgetFormat.value(99.71, unit: .percent) == "99.71%")
        #expect(BudgetFormat.value(0, unit: .plain) == "0")
        #expect(BudgetFormat.value(0.0123, unit: .fraction) == "0.0123")
        #expect(BudgetFormat.number(1.0 / 3) == "0.333")
    }
}
