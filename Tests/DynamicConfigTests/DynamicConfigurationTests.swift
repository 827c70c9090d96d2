import Testing
import SimulationPrimitives
@testable import DynamicConfig

/// Layering, typed properties and change lists (reference/netflix-oss.md §7.1).
@Suite struct DynamicConfigurationTests {
    let timeoutKey = PropertyKeys.hystrixCommand("compra-command", "execution.isolation.thread.timeoutInMilliseconds")

    @Test func higherLayersWinAndRemovalFallsBack() throws {
        let config = DynamicConfiguration()
        let timeout = try config.property(timeoutKey, default: 1000)
        #expect(config.value(of: timeout) == 1000)
        try config.set(timeoutKey, "3000", layer: .scenario)
        try config.set(timeoutKey, "2000", layer: .environment)
        #expect(config.value(of: timeout) == 3000)
        #expect(config.effectiveLayer(forKey: timeoutKey) == .scenario)
        try config.set(timeoutKey, "250", layer: .runtimeOverride)
        #expect(config.value(of: timeout) == 250)
        try config.set(timeoutKey, nil, layer: .runtimeOverride)
        try config.set(timeoutKey, nil, layer: .scenario)
        #expect(config.value(of: timeout) == 2000)
        try config.set(timeoutKey, nil, layer: .environment)
        #expect(config.value(of: timeout) == 1000)
        try config.set(timeoutKey, nil, layer: .codeDefault)       // a typed key keeps its default
        #expect(config.value(of: timeout) == 1000)
    }

    @Test func parseErrorsNameTheKeyAndChangeNothing() throws {
        let config = DynamicConfiguration()
        let timeout = try config.property(timeoutKey, default: 1000)
        let threshold = try config.property("eureka.server.renewalPercentThreshold", default: 0.85)
        do {
            try config.apply([(threshold.key, "0.5"), (timeoutKey, "1s")], layer: .scenario)
            Issue.record("expected a parse error")
        } catch {
            #expect(error == PropertyError(key: timeoutKey, value: "1s", expected: .int, layer: .scenario))
            #expect(error.description.contains(timeoutKey))
            #expect(error.description.contains("'1s' is not a valid int"))
        }
        #expect(config.value(of: threshold) == 0.85)                // atomic: the good value was not applied
        #expect(config.value(of: timeout) == 1000)
        #expect(config.string(forKey: threshold.key, in: .scenario) == nil)
    }

    @Test func registeringOverABadExistingValueFailsWithItsLayer() {
        let config = DynamicConfiguration()
        _ = try? config.set("ribbon.MaxAutoRetries", "two", layer: .environment)
        #expect(throws: PropertyError(key: "ribbon.MaxAutoRetries", value: "two", expected: .int, layer: .environment)) {
            _ = try config.property("ribbon.MaxAutoRetries", default: 0)
        }
    }

    @Test func typedReadsOfEveryKind() throws {
        let config = DynamicConfiguration()
        let b = try config.property("hystrix.command.default.circuitBreaker.forceOpen", default: false)
        let d = try config.property("eureka.server.renewalPercentThreshold", default: 0.85)
        let s = try config.property("zuul.ribbonIsolationStrategy", default: "SEMAPHORE")
        try config.apply([(b.key, " TRUE "), (d.key, "0.49"), (s.key, "THREAD")], layer: .runtimeOverride)
        #expect(config.value(of: b) == true)
        #expect(config.value(of: d) == 0.49)
        #expect(config.value(of: s) == "THREAD")
        #expect(throws: PropertyError.self) { _ = try config.property(b.key, default: 3) }  // another type
    }

    @Test func changesOnlyWhenTheTextChanges() throws {
        let config = DynamicConfiguration()
        let timeout = try config.property(timeoutKey, default: 1000)
        #expect(config.version(of: timeout) == 1)
        #expect(try config.set(timeoutKey, "1000", layer: .scenario).isEmpty)   // same effective text
        #expect(try config.set(timeoutKey, "500", layer: .runtimeOverride) == [PropertyChange(key: timeoutKey, oldValue: "1000", newValue: "500")])
        #expect(try config.set(timeoutKey, "500", layer: .runtimeOverride).isEmpty)
        #expect(try config.set(timeoutKey, "2000", layer: .environment).isEmpty)  // shadowed by higher layers
        #expect(config.version(of: timeout) == 2)
        #expect(config.string(forKey: timeoutKey, in: .environment) == "2000")
        #expect(config.keys == [timeoutKey])
    }

    @Test func untypedKeysAreKeptAsText() throws {
        let config = DynamicConfiguration()
        try config.set("hystrix.command.x.unknownThing", "abc", layer: .scenario)
        #expect(config.string(forKey: "hystrix.command.x.unknownThing") == "abc")
        #expect(config.string(forKey: "missing") == nil)
    }
}

/// The polling source, reference/netflix-oss.md §7.1.
@Suite struct PollingConfigurationSourceTests {
    @Test func pollsAfterThirtySecondsThenSixtyAfterEachCompletion() throws {
        let config = DynamicConfiguration()
        let retries = try config.property("compra-command.ribbon.MaxAutoRetriesNextServer", default: 1)
        var source = PollingConfigurationSource(startedAt: at(10))
        #expect(source.nextPoll == at(40))
        let changes = try source.pollCompleted([(retries.key, "0"), ("other.key", "x")], at: at(40.2), into: config)
        #expect(changes.map(\.key) == [retries.key, "other.key"])
        #expect(config.value(of: retries) == 0)
        #expect(source.nextPoll == at(100.2))                       // fixed delay after completion
        // A later full result without `other.key` deletes it; the typed key keeps its poll value.
        _ = try source.pollCompleted([(retries.key, "0")], at: at(100.2), into: config)
        #expect(config.string(forKey: "other.key") == nil)
        // Unreachable source: the layer is kept.
        #expect(try source.pollCompleted(nil, at: at(160.2), into: config).isEmpty)
        #expect(config.value(of: retries) == 0)
        #expect(source.nextPoll == at(220.2))
        #expect(source.pollCount == 3)
    }

    @Test func ignoreDeletesKeepsAbsentKeys() throws {
        let config = DynamicConfiguration()
        var source = PollingConfigurationSource(startedAt: .zero, ignoreDeletesFromSource: true, layer: .environment)
        _ = try source.pollCompleted([("a", "1")], at: at(30), into: config)
        _ = try source.pollCompleted([("b", "2")], at: at(90), into: config)
        #expect(config.string(forKey: "a", in: .environment) == "1")
        #expect(config.string(forKey: "b", in: .environment) == "2")
    }

    @Test func aBadPolledValueIsRejectedAndThePollRescheduled() throws {
        let config = DynamicConfiguration()
        let t = try config.property("eureka.server.renewalPercentThreshold", default: 0.85)
        var source = PollingConfigurationSource(startedAt: .zero)
        #expect(throws: PropertyError.self) { _ = try source.pollCompleted([(t.key, "eighty")], at: at(30), into: config) }
        #expect(config.value(of: t) == 0.85)
        #expect(source.nextPoll == at(90))
    }
}

func at(_ seconds: Double) -> SimTime { .zero + SimDuration(seconds: seconds) }

/// Property: whatever the sequence of sets and removals, a key's effective value is the value of
/// the highest layer holding it, and a change is reported exactly when that value changed.
@Suite struct LayeringPropertyTests {
    @Test(arguments: [7, 8, 9] as [UInt64])
    func effectiveValueIsTheHighestLayer(seed: UInt64) throws {
        var rng = RandomStream(rootSeed: seed, component: "layers")
        let config = DynamicConfiguration()
        let keys = ["a", "b", "c"]
        var model: [String: [String?]] = [:]
        for k in keys { model[k] = Array(repeating: nil, count: 4) }
        for _ in 0..<2_000 {
            let key = keys[rng.nextInt(below: keys.count)]
            let layer = ConfigLayer.allCases[rng.nextInt(below: 4)]
            let value: String? = rng.nextBool(probability: 0.3) ? nil : String(rng.nextInt(below: 4))
            let before = model[key]!.last { $0 != nil } ?? nil
            model[key]![layer.rawValue] = value
            let after = model[key]!.last { $0 != nil } ?? nil
            let changes = try config.set(key, value, layer: layer)
            #expect(config.string(forKey: key) == after)
            #expect(changes == (before == after ? [] : [PropertyChange(key: key, oldValue: before, newValue: after)]))
        }
    }
}
