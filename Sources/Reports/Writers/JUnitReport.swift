import Telemetry

/// JUnit XML (Ant schema, reference/loadtest-chaos.md §5): one `<testsuite>` per scenario, one
/// `<testcase>` per budget, invariant and regression check, `classname` = scenario name (GitLab
/// shows it as the "Suite"), `<failure message type>` with observed vs expected.
public struct JUnitReport: Sendable, Equatable {
    public struct TestCase: Sendable, Equatable {
        public var name: String
        public var classname: String
        /// `budget`, `invariant` or `regression`.
        public var type: String
        /// nil when passed.
        public var failureMessage: String?
        /// Set when the check was not run (`<skipped message=…/>`): a regression metric with too few
        /// requests, every regression check of a scenario without a baseline, or a budget whose
        /// window starts after the run's end.
        public var skippedMessage: String? = nil
        /// Set when the check could not run at all (`<error message=…/>`): the scenario file is
        /// invalid input. Counted in `errors`, not `failures`.
        public var errorMessage: String? = nil
        /// Extra text inside `<failure>` (or `<system-out>` of a passed case).
        public var detail: String
        public init(name: String, classname: String, type: String, failureMessage: String?, detail: String, skippedMessage: String? = nil) {
            self.name = name; self.classname = classname; self.type = type; self.failureMessage = failureMessage; self.detail = detail
            self.skippedMessage = skippedMessage
        }
    }

    public struct TestSuite: Sendable, Equatable {
        public var name: String
        public var cases: [TestCase]
        public var failures: Int { cases.filter { $0.failureMessage != nil }.count }
        public var skipped: Int { cases.filter { $0.failureMessage == nil && $0.errorMessage == nil && $0.skippedMessage != nil }.count }
        public var errors: Int { cases.filter { $0.errorMessage != nil }.count }
        public init(name: String, cases: [TestCase]) { self.name = name; self.cases = cases }
    }

    public var suites: [TestSuite]
    public init(suites: [TestSuite]) { self.suites = suites }

    /// The suite for one scenario: budgets, then invariants, then regressions. `missingBaseline`
    /// (no baseline file) adds one `regression baseline` testcase: skipped, or failed when the
    /// baseline is required (`cinesim check --require-baseline`).
    public static func suite(scenario: String, budgets: [BudgetVerdict], invariants: [InvariantResult],
                             regressions: [RegressionFinding], missingBaseline: (path: String, required: Bool)? = nil) -> TestSuite {
        var cases: [TestCase] = []
        for b in budgets {
            let expected = b.expression + (b.window.map { " during \($0)" } ?? "")
            cases.append(TestCase(name: "budget \(b.target): \(expected)", classname: scenario, type: "budget",
                                  failureMessage: b.failed ? "observed \(b.observed), expected \(expected) on \(b.target)" : nil,
                                  detail: "observed \(b.observed)", skippedMessage: b.isSkipped ? b.observed : nil))
        }
        for i in invariants {
            cases.append(TestCase(name: "invariant \(i.name)", classname: scenario, type: "invariant",
                                  failureMessage: i.passed ? nil : "invariant \(i.name) violated: \(i.detail)", detail: i.detail))
        }
        for r in regressions {
            let observed = r.comparisonText
            var testCase = TestCase(name: "regression \(r.metric)", classname: scenario, type: "regression",
                                    failureMessage: r.regressed ? "\(observed), expected within \(r.tolerance) of baseline; \(r.note)" : nil,
                                    detail: "\(observed); \(r.note)")
            if r.skipped { testCase.skippedMessage = r.note }
            cases.append(testCase)
        }
        if let missing = missingBaseline {
            let message = "no baseline at \(missing.path)"
            var testCase = TestCase(name: "regression baseline", classname: scenario, type: "regression",
                                    failureMessage: missing.required ? "\(message) and --require-baseline is set (create one with --update-baseline)" : nil,
                                    detail: message)
            if !missing.required { testCase.skippedMessage = "\(message); regression checks skipped" }
            cases.append(testCase)
        }
        return TestSuite(name: scenario, cases: cases)
    }

    /// The suite of a scenario file that could not be run (invalid input): one `scenario` testcase
    /// holding the error, so CI lists every file of a check, not only those before the first error.
    public static func errorSuite(scenario: String, file: String, message: String) -> TestSuite {
        var testCase = TestCase(name: "scenario \(file)", classname: scenario, type: "error", failureMessage: nil, detail: message)
        testCase.errorMessage = message
        return TestSuite(name: scenario, cases: [testCase])
    }

    static func fmt(_ x: Double) -> String { BudgetFormat.number(x, fractionDigits: 3) }

    /// The XML text. `timestamp` is the virtual run start on the ``VirtualClock`` epoch so the file
    /// is deterministic; `time` is 0 (simulated checks take no wall time worth reporting).
    public func xml() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let tests = suites.reduce(0) { $0 + $1.cases.count }, failures = suites.reduce(0) { $0 + $1.failures }
        let skipped = suites.reduce(0) { $0 + $1.skipped }, errors = suites.reduce(0) { $0 + $1.errors }
        out += "<testsuites name=\"cinesim check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"\(errors)\" skipped=\"\(skipped)\" time=\"0\">\n"
        for (index, suite) in suites.enumerated() {
            out += "  <testsuite name=\"\(Self.escape(suite.name))\" tests=\"\(suite.cases.count)\" failures=\"\(suite.failures)\" errors=\"\(suite.errors)\" skipped=\"\(suite.skipped)\""
                + " time=\"0\" timestamp=\"\(VirtualClock.iso8601NoZone(.zero))\" hostname=\"cinesim\" id=\"\(index)\" package=\"cinesim\">\n"
            for c in suite.cases {
                out += "    <testcase name=\"\(Self.escape(c.name))\" classname=\"\(Self.escape(c.classname))\" time=\"0\""
                if let message = c.errorMessage {
                    out += ">\n      <error message=\"\(Self.escape(message))\" type=\"\(c.type)\"/>\n    </testcase>\n"
                } else if let message = c.failureMessage {
                    out += ">\n      <failure message=\"\(Self.escape(message))\" type=\"\(c.type)\">\(Self.escape(c.detail))</failure>\n    </testcase>\n"
                } else if let skipped = c.skippedMessage {
                    out += ">\n      <skipped message=\"\(Self.escape(skipped))\"/>\n    </testcase>\n"
                } else {
                    out += "/>\n"
                }
            }
            out += "  </testsuite>\n"
        }
        return out + "</testsuites>\n"
    }

    /// XML 1.0 attribute/text escaping; characters XML 1.0 forbids become U+FFFD.
    public static func escape(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\n": out += "&#10;"
            case "\t": out += "&#9;"
            default:
                if scalar.value < 0x20 { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
