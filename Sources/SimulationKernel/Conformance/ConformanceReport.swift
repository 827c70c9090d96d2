/// One comparison of a simulated quantity with its closed form.
public struct ConformanceCheck: Sendable, Equatable {
    /// The model, e.g. `M/M/3 λ=2 μ=1`.
    public var model: String
    /// The quantity, e.g. `Wq`.
    public var metric: String
    /// The closed-form value (seconds for times).
    public var theory: Double
    /// The 95 % batch-means interval (shown).
    public var interval95: ConfidenceInterval
    /// The Bonferroni-corrected interval the verdict uses.
    public var verdictInterval: ConfidenceInterval
    /// Factor applied for display (1 000 for ms).
    public var displayScale: Double
    /// Unit shown after the value (`ms` or empty).
    public var unit: String

    /// The simulated estimate.
    public var simulated: Double { interval95.mean }
    /// Whether the closed form lies inside the verdict interval.
    public var passed: Bool { verdictInterval.contains(theory) }
}

/// The verdicts of one ``ConformanceSuite`` run and their table. Contains no wall-clock figure, so
/// the same seed prints the same bytes in any process.
public struct ConformanceReport: Sendable, Equatable {
    /// Root seed used.
    public var seed: UInt64
    /// Scale used.
    public var scale: ConformanceScale
    /// Family-wise α.
    public var familyErrorRate: Double
    /// Per-check confidence level 1 − α/m.
    public var checkLevel: Double
    /// Every check, in suite order.
    public var checks: [ConformanceCheck]

    /// Checks that failed.
    public var failures: [ConformanceCheck] { checks.filter { !$0.passed } }
    /// Whether every check passed.
    public var passed: Bool { failures.isEmpty }

    /// The table: model | metric | theory | simulated | 95 % CI | verdict, then a summary line.
    public func renderTable() -> String {
        let header = ["model", "metric", "theory", "simulated", "95% CI", "verdict"]
        var rows: [[String]] = []
        for check in checks {
            func show(_ x: Double) -> String {
                FixedDecimal.format(x * check.displayScale, significant: 6, maximumDecimals: 8) + (check.unit.isEmpty ? "" : " " + check.unit)
            }
            func showHalf(_ x: Double) -> String {
                (x * check.displayScale == 0 ? "0" : FixedDecimal.format(x * check.displayScale, significant: 2)) + (check.unit.isEmpty ? "" : " " + check.unit)
            }
            let ci = "[" + show(check.interval95.lower) + ", " + show(check.interval95.upper) + "]"
            rows.append([check.model, check.metric, show(check.theory), show(check.simulated), ci,
                         check.passed ? "PASS" : "FAIL (±" + showHalf(check.verdictInterval.halfWidth) + ")"])
        }
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i < 2 || i == 5 ? FixedDecimal.padRight(cell, widths[i]) : FixedDecimal.padLeft(cell, widths[i])
            }.joined(separator: " | ").trimmingTrailingSpaces()
        }
        var out = "cinesim verify: seed \(seed), scale \(scale.rawValue), \(checks.count) checks, "
        out += "\(scale.batches) batch means per check\n"
        out += "verdict: theory inside the Bonferroni interval at " + FixedDecimal.format(checkLevel * 100, significant: 6)
        out += "% per check (family-wise " + FixedDecimal.format((1 - familyErrorRate) * 100, significant: 3) + "%)\n"
        out += "times for λ, μ without a unit are in units of 1/μ\n\n"
        out += line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "-|-") + "\n"
        for row in rows { out += line(row) + "\n" }
        out += "\n"
        out += passed ? "PASS: all \(checks.count) checks\n" : "FAIL: \(failures.count) of \(checks.count) checks\n"
        return out
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
