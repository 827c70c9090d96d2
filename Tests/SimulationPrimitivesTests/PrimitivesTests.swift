import Testing
@testable import SimulationPrimitives

@Suite struct DurationFormatTests {
    @Test(arguments: [
        ("250ms", Int64(250_000_000)), ("1.5s", 1_500_000_000), ("2m", 120_000_000_000),
        ("1h30m", 5_400_000_000_000), ("0", 0), ("17ns", 17), ("500us", 500_000), ("500µs", 500_000),
        ("1d", 86_400_000_000_000), ("  3s ", 3_000_000_000), ("1m0.5s", 60_500_000_000),
    ])
    func parses(text: String, nanoseconds: Int64) throws {
        #expect(try SimDuration(parsing: text).nanoseconds == nanoseconds)
    }

    @Test func errorsNameTheBadText() {
        #expect(throws: DurationFormat.ParseError.missingUnit(text: "250")) { try SimDuration(parsing: "250") }
        #expect(throws: DurationFormat.ParseError.unknownUnit(text: "5x", unit: "x")) { try SimDuration(parsing: "5x") }
        #expect(throws: DurationFormat.ParseError.unitsOutOfOrder(text: "30m1h")) { try SimDuration(parsing: "30m1h") }
        #expect(throws: DurationFormat.ParseError.badNumber(text: "1..5s", number: "1..5")) { try SimDuration(parsing: "1..5s") }
        #expect(throws: DurationFormat.ParseError.empty) { try SimDuration(parsing: " ") }
        #expect(throws: DurationFormat.ParseError.overflow(text: "999999999d")) { try SimDuration(parsing: "999999999d") }
    }

    /// Hints are built from what the user wrote (issue 7, new user: `4 minutes` used to suggest
    /// `'4 minutesms'` and `90` only `'90ms'`).
    @Test func hintsSuggestACorrectedDuration() {
        func error(_ text: String) -> DurationFormat.ParseError? {
            do { _ = try SimDuration(parsing: text); return nil } catch { return error }
        }
        #expect(error("4 minutes")?.fix == "write '4m': a number directly followed by one of units ns, us, ms, s, m, h, d")
        #expect(error("4 minutes")?.reason == "duration '4 minutes' has a number without a unit")
        #expect(error("4minutes")?.fix == "write '4m'; units ns, us, ms, s, m, h, d")
        #expect(error("1 hour 30 min")?.fix.hasPrefix("write '1h30m'") == true)
        #expect(error("250 ms")?.fix.hasPrefix("write '250ms'") == true)
        #expect(error("90")?.fix == "add a unit: '90s' for seconds or '90ms' for milliseconds; units ns, us, ms, s, m, h, d")
        #expect(error("5x")?.fix == "use units ns, us, ms, s, m, h, d, e.g. '250ms', '2m'")
        // One parenthesised hint, never two stacked or nested.
        for bad in ["4 minutes", "4minutes", "90", "5x", "1..5s", "30m1h", "1h 30x"] {
            let text = error(bad)!.description
            #expect(text.filter { $0 == "(" }.count == 1, "\(text)")
        }
        #expect(!error("4 minutes")!.description.contains("minutesms"))
    }

    @Test(arguments: [Int64(0), 17, 1_000, 250_000_000, 1_500_000_000, 5_400_000_000_000, 90_000_000_000, 61_250_000_000])
    func formatRoundTrips(nanoseconds: Int64) throws {
        let d = SimDuration(nanoseconds: nanoseconds)
        #expect(try SimDuration(parsing: d.description) == d)
    }

    @Test func formatsShortest() {
        #expect(SimDuration.milliseconds(250).description == "250ms")
        #expect(SimDuration.milliseconds(1_500).description == "1.5s")
        #expect(SimDuration.minutes(90).description == "1h30m")
        #expect(SimTime.zero.description == "T+0s")
    }
}

@Suite struct RandomStreamTests {
    @Test func fnvReferenceValues() {
        // FNV-1a 64 test vectors (draft-eastlake-fnv, appendix C).
        #expect(StableHash.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(StableHash.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(StableHash.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func splitMixReferenceValues() {
        // SplitMix64 seeded with 0: first outputs from the reference C implementation.
        var sm = SplitMix64(state: 0)
        #expect(sm.next() == 0xe220_a839_7b1d_cdaf)
        #expect(sm.next() == 0x6e78_9e6a_a1b9_65f4)
    }

    @Test func streamsAreIndependentAndReproducible() {
        var a = RandomStream(rootSeed: 7, component: "gateway/1")
        var b = RandomStream(rootSeed: 7, component: "gateway/1")
        var c = RandomStream(rootSeed: 7, component: "gateway/2")
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
    }

    @Test func unitDoubleMomentsMatchUniform() {
        // U(0,1): mean 1/2, variance 1/12. With n = 200k the standard error of the mean is
        // sqrt(1/12/n) ≈ 6.5e-4; 5 standard errors is a tolerance a correct generator never breaks.
        var rng = RandomStream(seed: 1)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0
        for _ in 0..<n { let u = rng.nextDouble(); #expect(u >= 0 && u < 1); sum += u; sumSq += u * u }
        let mean = sum / Double(n)
        let variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean - 0.5) < 5 * (1.0 / 12.0 / Double(n)).squareRoot())
        #expect(abs(variance - 1.0 / 12.0) < 0.002)
    }

    @Test func boundedIntegersAreUniform() {
        var rng = RandomStream(seed: 3)
        var counts = [Int](repeating: 0, count: 6)
        let n = 60_000
        for _ in 0..<n { counts[rng.nextInt(below: 6)] += 1 }
        // Chi-square with 5 degrees of freedom; 20.5 is the 0.999 quantile.
        let expected = Double(n) / 6
        let chi2 = counts.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chi2 < 20.5)
    }
}
