import Testing
@testable import Scenarios

/// A minimal valid scenario each case breaks in one place.
let validBase = """
name: tiny
duration: 30s
workload:
  stages:
    - {duration: 30s, target: 10/s}
"""

struct InvalidCase: CustomStringConvertible, Sendable {
    let name: String
    let yaml: String
    /// The text the error must point at (its first occurrence in `yaml`), and a fragment of the message.
    let pointsAt: String
    let message: String
    /// 1-based line and column of `pointsAt` in `yaml`.
    var expectedLocation: (line: Int, column: Int) {
        let prefix = yaml.components(separatedBy: pointsAt)[0]
        let lines = prefix.components(separatedBy: "\n")
        return (lines.count, lines.last!.count + 1)
    }
    var description: String { name }
}

/// Each kind of mistake gives `file:line:column: what (fix)` pointing at the offending text.
let invalidCases: [InvalidCase] = [
    InvalidCase(name: "unknown top-level key", yaml: "name: tiny\ndurration: 30s\n", pointsAt: "durration", message: "unknown key 'durration'"),
    InvalidCase(name: "missing duration", yaml: "name: tiny\nworkload: {start_rate: 1/s}\n", pointsAt: "name: tiny", message: "missing 'duration'"),
    InvalidCase(name: "bad duration", yaml: validBase.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 30 parsecs\nworkload"), pointsAt: "30 parsecs", message: "not a duration"),
    InvalidCase(name: "negative rate", yaml: validBase.replacingOccurrences(of: "10/s", with: "-5/s"), pointsAt: "-5/s", message: "negative rate"),
    InvalidCase(name: "rate without unit", yaml: validBase.replacingOccurrences(of: "10/s", with: "10"), pointsAt: "10}", message: "not a rate"),
    InvalidCase(name: "unknown distribution", yaml: validBase + "\n  think_time: \"lognormol(median: 8ms, p99: 40ms)\"\n", pointsAt: "\"lognormol", message: "unknown distribution 'lognormol'"),
    InvalidCase(name: "unbalanced distribution", yaml: validBase + "\n  think_time: \"exponential(mean: 2s\"\n", pointsAt: "\"exponential", message: "unbalanced parentheses"),
    InvalidCase(name: "unquoted distribution", yaml: validBase + "\n  think_time: exponential(mean: 2s)\n", pointsAt: ": 2s)", message: "not valid YAML"),
    InvalidCase(name: "wrong type for instances", yaml: validBase + "\ntopology:\n  gateway: {instances: many}\n", pointsAt: "many", message: "whole number"),
    InvalidCase(name: "zero instances of a required service", yaml: validBase + "\ntopology:\n  services:\n    compra-command: {instances: 0}\n", pointsAt: "0}", message: "below the minimum 1"),
    InvalidCase(name: "unknown service", yaml: validBase + "\ntopology:\n  services:\n    compras-command: {instances: 2}\n", pointsAt: "compras-command", message: "unknown key 'compras-command'"),
    InvalidCase(name: "shard key on a missing field", yaml: validBase + "\ntopology:\n  store:\n    shard_keys: {compras: cineId}\n", pointsAt: "cineId", message: "shard key 'cineId' is not a field of 'compras'"),
    InvalidCase(name: "budget naming an unknown route", yaml: validBase + "\nbudgets:\n  \"POST /api/compra\": [\"p(99)<800ms\"]\n", pointsAt: "\"POST /api/compra\"", message: "budget target 'POST /api/compra'"),
    InvalidCase(name: "budget without comparison", yaml: validBase + "\nbudgets:\n  oversold: [\"zero\"]\n", pointsAt: "\"zero", message: "expected a comparison"),
    InvalidCase(name: "percentage over 100", yaml: validBase + "\n  mix: {browse: 140%, buy: 10%}\n", pointsAt: "140%", message: "between 0% and 100%"),
    InvalidCase(name: "unknown fault kind", yaml: validBase + "\nfaults:\n  - {kind: meteor-strike, target: zone-a, at: 10s}\n", pointsAt: "meteor-strike", message: "cannot be 'meteor-strike'"),
    InvalidCase(name: "fault on an unknown instance", yaml: validBase + "\nfaults:\n  - {kind: instance-crash, target: compra-command-9, at: 10s}\n", pointsAt: "compra-command-9", message: "fault target 'compra-command-9'"),
    InvalidCase(name: "fault after the end", yaml: validBase + "\nfaults:\n  - {kind: instance-crash, target: compra-command-1, at: 2m}\n", pointsAt: "2m}", message: "after the run ends"),
    InvalidCase(name: "unknown zone for placement", yaml: validBase + "\ntopology:\n  zones: [zone-a]\n  gateway: {zones: [zone-q]}\n", pointsAt: "[zone-q]", message: "zone 'zone-q'"),
    InvalidCase(name: "warm-up not shorter than duration", yaml: validBase + "\nwarmup: 1m\n", pointsAt: "1m", message: "not shorter than 'duration'"),
    InvalidCase(name: "more time buckets than a run holds", yaml: validBase.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 2d\nworkload"), pointsAt: "2d", message: "gives 172800 time buckets; at most 86400"),
    InvalidCase(name: "bucket too fine for the duration", yaml: validBase + "\nbucket: 100us\n", pointsAt: "100us", message: "gives 300000 time buckets"),
    InvalidCase(name: "closed model without users", yaml: "name: tiny\nduration: 30s\nworkload:\n  model: closed\n", pointsAt: "model: closed", message: "no users"),
    InvalidCase(name: "duplicate key", yaml: "name: tiny\nname: other\nduration: 30s\n", pointsAt: "name: other", message: "duplicate key 'name'"),
    InvalidCase(name: "bad property value", yaml: validBase + "\nproperties:\n  hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds: soon\n", pointsAt: "soon", message: "whole number of milliseconds"),
    InvalidCase(name: "list where a mapping belongs", yaml: validBase + "\ncatalog: [1, 2]\n", pointsAt: "[1, 2]", message: "must be a mapping"),
    InvalidCase(name: "typo in a nested key suggests the right one", yaml: validBase + "\nresilience:\n  hystrix: {sleep_windw: 5s}\n", pointsAt: "sleep_windw", message: "did you mean 'sleep_window'"),
]

@Test(arguments: invalidCases)
func invalidScenarioGivesLocatedError(_ testCase: InvalidCase) {
    expectLocatedError(testCase)
}

/// Loading `testCase.yaml` fails at the line and column of its `pointsAt` text, in `case.yaml`, with
/// a message containing `testCase.message` and the `file:line:column: ` prefix.
func expectLocatedError(_ testCase: InvalidCase) {
    do {
        let scenario = try ScenarioLoader.load(yaml: testCase.yaml, file: "case.yaml")
        Issue.record("\(testCase.name): loaded without error (\(scenario.name))")
    } catch {
        #expect(error.file == "case.yaml", "\(testCase.name)")
        let expected = testCase.expectedLocation
        #expect(error.line == expected.line && error.column == expected.column, "\(testCase.name): \(error)")
        #expect(error.description.contains(testCase.message), "\(testCase.name): \(error)")
        #expect(error.description.hasPrefix("case.yaml:\(error.line):\(error.column): "), "\(testCase.name): \(error)")
    }
}

@Test func atLeastFifteenKindsOfMistakesAreCovered() {
    #expect(invalidCases.count >= 15)
}

/// The bound on time buckets is inclusive: one day of 1 s buckets (86,400) loads, one more second does not.
@Test func oneDayOfOneSecondBucketsIsTheLongestDefaultRun() throws {
    let day = validBase.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 1d\nworkload")
    #expect(try ScenarioLoader.load(yaml: day, file: "day.yaml").duration == .seconds(86_400))
    let dayAndASecond = validBase.replacingOccurrences(of: "duration: 30s\nworkload", with: "duration: 86401s\nworkload")
    #expect(throws: ScenarioError.self) { try ScenarioLoader.load(yaml: dayAndASecond, file: "day.yaml") }
    let coarse = day.replacingOccurrences(of: "duration: 1d", with: "duration: 60d\nbucket: 1m")
    #expect(try ScenarioLoader.load(yaml: coarse, file: "coarse.yaml").bucket == .seconds(60))
}

/// Workload times a run never reaches are warnings (a `--duration` cut is a normal way to run short):
/// a flash sale opening at or after the end, and an open model without stages.
@Test func workloadTimesBeyondTheRunAreWarnings() throws {
    let late = try ScenarioLoader.load(yaml: validBase + "\n  flash_sale: {share: 60%, opens_at: 30m}\n", file: "late.yaml")
    #expect(late.warnings.contains("workload.flash_sale opens at 30m, at or after the run's end (30s): no flash-sale buyers in this run"))
    let flat = try ScenarioLoader.load(yaml: "name: flat\nduration: 30s\nworkload:\n  start_rate: 5/s\n  stages: []\n", file: "flat.yaml")
    #expect(flat.warnings.contains { $0.hasPrefix("workload.stages is empty: the arrival rate stays at start_rate (5") })
    #expect(try ScenarioLoader.load(yaml: validBase, file: "ok.yaml").warnings.isEmpty)
}
