import Testing
@testable import SimulationPrimitives

@Suite struct DistributionParsingTests {
    @Test(arguments: [
        ("constant(5ms)", Distribution.constant(0.005)),
        ("constant(value: 5ms)", .constant(0.005)),
        ("uniform(1ms, 3ms)", .uniform(lower: 0.001, upper: 0.003)),
        ("uniform(min: 1ms, max: 3ms)", .uniform(lower: 0.001, upper: 0.003)),
        ("exponential(mean: 2s)", .exponential(mean: 2)),
        ("exponential(2s)", .exponential(mean: 2)),
        ("exponential(rate: 50/s)", .exponential(mean: 0.02)),
        ("exponential(rate: 3000/m)", .exponential(mean: 0.02)),
        ("normal(mean: 20ms, sd: 5ms)", .normal(mean: 0.020, standardDeviation: 0.005)),
        ("normal(20ms, 5ms)", .normal(mean: 0.020, standardDeviation: 0.005)),
        ("lognormal(median: 8ms, p99: 40ms)", .lognormal(median: 0.008, p99: 0.040)),
        ("  lognormal( p99: 40ms , median: 8ms )  ", .lognormal(median: 0.008, p99: 0.040)),
        ("lognormal(mu: -4.83, sigma: 0.69)", .lognormal(mu: -4.83, sigma: 0.69)),
        ("pareto(scale: 2ms, shape: 2.5)", .pareto(scale: 0.002, shape: 2.5)),
        ("pareto(xm: 2ms, alpha: 2.5)", .pareto(scale: 0.002, shape: 2.5)),
        ("weibull(scale: 10ms, shape: 1.5)", .weibull(scale: 0.010, shape: 1.5)),
        ("bernoulli(0.1)", .bernoulli(probability: 0.1)),
        ("bernoulli(p: 10%)", .bernoulli(probability: 0.1)),
        ("empirical([p0: 1ms, p50: 8ms, p99: 40ms, p100: 120ms])",
         .empirical(try! EmpiricalDistribution(points: [(0, 0.001), (0.5, 0.008), (0.99, 0.040), (1, 0.120)]))),
        ("empirical([p0: 0, p99.9: 1.5s, p100: 2s])",
         .empirical(try! EmpiricalDistribution(points: [(0, 0), (0.999, 1.5), (1, 2)]))),
    ])
    func parsesEveryForm(text: String, expected: Distribution) throws {
        let parsed = try Distribution(parsingDuration: text)
        // Logs and 1/rate round, so lognormal and exponential parameters compare with a tolerance.
        switch (parsed, expected) {
        case (.lognormal(let a, let b), .lognormal(let c, let d)):
            #expect(abs(a - c) < 1e-12 && abs(b - d) < 1e-12, "\(parsed)")
        case (.exponential(let a), .exponential(let c)):
            #expect(abs(a - c) < 1e-15, "\(parsed)")
        default:
            #expect(parsed == expected)
        }
    }

    @Test func unitlessParsingAcceptsBareNumbers() throws {
        #expect(try Distribution(parsing: "uniform(1, 3)") == .uniform(lower: 1, upper: 3))
        #expect(try Distribution(parsing: "exponential(rate: 4)") == .exponential(mean: 0.25))
        // Mixing a duration with a bare number is a typo even where bare numbers are allowed.
        #expect(throws: DistributionParseError.self) { try Distribution(parsing: "uniform(1ms, 3)") }
        do { _ = try Distribution(parsing: "uniform(1ms, 3)") } catch {
            #expect(error.kind == .unitMismatch && error.offset == 13 && error.fix.contains("give every duration a unit"))
        }
    }

    /// Each bad text fails with the right kind, at the offending token, and says how to fix it.
    @Test(arguments: [
        ("", DistributionParseError.Kind.empty, 0, "exponential(mean: 2s)"),
        ("lognormall(median: 8ms, p99: 40ms)", .unknownDistribution, 0, "did you mean 'lognormal'?"),
        ("gaussian(1ms, 2ms)", .unknownDistribution, 0, "known distributions: constant, uniform"),
        ("lognormal median: 8ms", .syntax, 10, "lognormal(median: 8ms, p99: 40ms)"),
        ("lognormal(median: 8ms, p90: 40ms)", .unknownParameter, 23, "lognormal(median: 8ms, p99: 40ms)"),
        ("lognormal(median: 8ms)", .missingParameter, 21, "p99"),
        ("lognormal(8ms, 40ms)", .syntax, 10, "labelled"),
        ("lognormal(median: 40ms, p99: 8ms)", .invalidParameters, 29, "at least the median"),
        ("lognormal(median: 8ms, sigma: 0.5)", .duplicateParameter, 23, "lognormal(mu:"),
        ("constant(5)", .unitMismatch, 9, "5ms or 5s"),
        ("uniform(1ms, 3)", .unitMismatch, 13, "3ms or 3s"),
        ("uniform(3ms, 1ms)", .invalidParameters, 13, "upper bound"),
        ("exponential(mean: 2x)", .badValue, 18, "unknown unit 'x'"),
        ("exponential(mean: -2s)", .badValue, 18, "duration (8ms, 2s)"),
        ("exponential(rate: 50/fortnight)", .badValue, 18, "/s, /ms"),
        ("exponential(mean: 2s, mean: 3s)", .duplicateParameter, 22, "exponential(mean: 2s)"),
        ("exponential(mean: 2s) extra", .syntax, 22, "closing parenthesis"),
        ("exponential(mean: 2s", .syntax, 20, "exponential(mean: 2s)"),
        ("pareto(scale: 2ms, shape: 2.5ms)", .unitMismatch, 26, "drop the unit"),
        ("bernoulli(1.5)", .invalidParameters, 10, "between 0 and 1"),
        ("constant(1ms, 2ms)", .syntax, 14, "takes 1"),
        ("empirical([p50: 8ms, p100: 20ms])", .invalidParameters, 10, "from p0 to p100"),
        ("empirical([p0: 1ms, p50: 8ms, p40: 9ms, p100: 20ms])", .invalidParameters, 30, "increasing order"),
        ("empirical([p0: 1ms, p50: 8ms, p99: 4ms, p100: 20ms])", .invalidParameters, 35, "increasing order"),
        ("empirical([q50: 8ms])", .unknownParameter, 11, "p0 to p100"),
    ])
    func errorsLocateAndExplain(text: String, kind: DistributionParseError.Kind, offset: Int, fixMentions: String) {
        do {
            let parsed = try Distribution(parsingDuration: text)
            Issue.record("'\(text)' parsed as \(parsed)")
        } catch {
            #expect(error.kind == kind, "\(text): \(error)")
            #expect(error.offset == offset, "\(text): \(error)")
            #expect((error.problem + " " + error.fix).contains(fixMentions), "\(text): \(error)")
            #expect(error.description.hasPrefix("column \(offset + 1): "))
        }
    }
}

/// Printing then parsing gives back the same value (so reports and `describe` can echo a scenario's
/// distributions): checked over thousands of random parameter sets from a fixed seed.
@Suite struct DistributionTextRoundTripTests {
    static func randomDuration(_ rng: inout RandomStream) -> Double {
        // Whole nanoseconds from 1 ns to ~100 s, as every parsed duration is.
        Double(Int64(Distribution.lognormal(mu: 13, sigma: 4).sample(using: &rng).rounded()) + 1) / 1e9
    }

    static func randomDistribution(_ rng: inout RandomStream) -> Distribution {
        let a = randomDuration(&rng), b = randomDuration(&rng)
        let shape = Double(rng.nextInt(below: 10_000) + 1) / 1_000
        switch rng.nextInt(below: 9) {
        case 0: return .constant(a)
        case 1: return .uniform(lower: min(a, b), upper: max(a, b))
        case 2: return .exponential(mean: a)
        case 3: return .normal(mean: a, standardDeviation: b)
        case 4: return .lognormal(median: min(a, b), p99: max(a, b))
        case 5: return .pareto(scale: a, shape: shape)
        case 6: return .weibull(scale: a, shape: shape)
        case 7: return .bernoulli(probability: rng.nextDouble())
        default:
            var cuts = (0..<rng.nextInt(below: 4)).map { _ in rng.nextDouble() }.filter { $0 > 0 }
            cuts = Array(Set(cuts)).sorted()
            let probabilities = [0] + cuts + [1]
            var values = probabilities.map { _ in randomDuration(&rng) }
            values.sort()
            return .empirical(try! EmpiricalDistribution(points: Array(zip(probabilities, values))))
        }
    }

    @Test func printedDistributionsParseBackEqual() throws {
        var rng = RandomStream(seed: 20_261_130)
        for _ in 0..<3_000 {
            let d = Self.randomDistribution(&rng)
            let durationText = d.scenarioText(durations: true)
            #expect(try Distribution(parsingDuration: durationText) == d, "\(durationText)")
            #expect(try Distribution(parsing: d.description) == d, "\(d.description)")
        }
    }

    @Test func canonicalForms() {
        #expect(Distribution.exponential(mean: 0.002).scenarioText(durations: true) == "exponential(mean: 2ms)")
        #expect(Distribution.uniform(lower: 0.001, upper: 1.5).scenarioText(durations: true) == "uniform(1ms, 1.5s)")
        #expect(Distribution.bernoulli(probability: 0.1).description == "bernoulli(0.1)")
        let table = try! EmpiricalDistribution(points: [(0, 0), (0.999, 1.5), (1, 2)])
        #expect(Distribution.empirical(table).scenarioText(durations: true) == "empirical([p0: 0, p99.9: 1.5s, p100: 2s])")
        #expect(Distribution.percent(1e-05) == "0.001")
        #expect(Distribution.percent(0.5) == "50")
    }
}
