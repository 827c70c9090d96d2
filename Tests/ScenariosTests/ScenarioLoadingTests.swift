import Foundation
import Testing
import SimulationPrimitives
@testable import Scenarios

@Test func defaultsAreSpringCloudNetflixDefaults() throws {
    let scenario = try ScenarioLoader.load(yaml: validBase)
    let r = scenario.resilience
    // reference/netflix-oss.md §4.1: Spring Cloud Ribbon 1000/1000 ms, 0 / 1 retries, ZoneAvoidanceRule.
    #expect(r.ribbon.connectTimeout == .milliseconds(1000))
    #expect(r.ribbon.readTimeout == .milliseconds(1000))
    #expect(r.ribbon.maxAutoRetries == 0 && r.ribbon.maxAutoRetriesNextServer == 1)
    #expect(r.ribbon.rule == .zoneAvoidance)
    // §6.3: Zuul's Hystrix timeout is derived from the Ribbon budget: (1000+1000)×1×2 = 4000 ms.
    #expect(r.hystrix.timeout == nil)
    #expect(r.ribbon.retryBudget == .milliseconds(4000))
    // §1.1: 20 requests, 50 %, 5 s sleep window, 10 s rolling window.
    #expect(r.hystrix.requestVolumeThreshold == 20 && r.hystrix.errorThresholdPercentage == 50)
    #expect(r.hystrix.sleepWindow == .seconds(5) && r.hystrix.rollingWindow == .seconds(10))
    // §5.1: Eureka 30 s heartbeat, 90 s lease, 60 s eviction, 30 s caches, 0.85 threshold.
    #expect(r.eureka.leaseRenewalInterval == .seconds(30) && r.eureka.leaseExpirationDuration == .seconds(90))
    #expect(r.eureka.evictionInterval == .seconds(60) && r.eureka.responseCacheUpdateInterval == .seconds(30))
    #expect(r.eureka.registryFetchInterval == .seconds(30) && r.eureka.renewalPercentThreshold == 0.85)
    // §6.3: Zuul semaphore isolation with 100 permits.
    #expect(r.gateway.isolation == .semaphore && r.gateway.maxSemaphores == 100)
}

@Test func netflixDefaultsSelectTheRawLibraryValues() throws {
    let scenario = try ScenarioLoader.load(yaml: validBase + "\ndefaults: netflix\n")
    #expect(scenario.resilience.ribbon.connectTimeout == .milliseconds(2000))
    #expect(scenario.resilience.ribbon.readTimeout == .milliseconds(5000))
    #expect(scenario.resilience.hystrix.timeout == .milliseconds(1000))
    #expect(scenario.resilience.ribbon.rule == .availabilityFiltering)
}

@Test func ratesPercentagesAndDurationsParse() throws {
    #expect(try Rate(parsing: "3000/s").perSecond == 3000)
    #expect(try Rate(parsing: "180/m").perSecond == 3)
    #expect(try Rate(parsing: "2/ms").perSecond == 2000)
    #expect(try Rate(parsing: "7200/h").perSecond == 2)
    #expect(throws: Rate.ParseError.negative) { try Rate(parsing: "-1/s") }
    #expect(throws: Rate.ParseError.unknownUnit("day")) { try Rate(parsing: "1/day") }
    let scenario = try ScenarioLoader.load(yaml: validBase + "\n  mix: {browse: 50%, buy: 50%}\n  flash_sale: {share: 60%}\n")
    #expect(scenario.workload.mix.map(\.weight) == [0.5, 0.5])
    #expect(scenario.workload.flashSale?.share == 0.6)
}

@Test func realPropertyKeysApplyAndUnmodelledOnesWarn() throws {
    let yaml = validBase + """

    properties:
      hystrix.command.default.execution.isolation.thread.timeoutInMilliseconds: 2500
      hystrix.command.compra-command.circuitBreaker.requestVolumeThreshold: 5
      compra-command.ribbon.ReadTimeout: 3000
      ribbon.MaxAutoRetriesNextServer: 0
      eureka.instance.leaseExpirationDurationInSeconds: 30
      hystrix.command.default.requestCache.enabled: false
      zuul.sensitiveHeaders: Cookie
    """
    let scenario = try ScenarioLoader.load(yaml: yaml)
    let r = scenario.resilience
    #expect(r.hystrix.timeout == .milliseconds(2500))
    #expect(r.hystrix(for: "compra-command").requestVolumeThreshold == 5)
    #expect(r.hystrix(for: "funcion-query").requestVolumeThreshold == 20)
    #expect(r.ribbon(for: "compra-command").readTimeout == .milliseconds(3000))
    #expect(r.ribbon.maxAutoRetriesNextServer == 0)
    #expect(r.eureka.leaseExpirationDuration == .seconds(30))
    #expect(scenario.properties.filter { !$0.isModelled }.map(\.key) == ["hystrix.command.default.requestCache.enabled", "zuul.sensitiveHeaders"])
    #expect(scenario.warnings.contains { $0.contains("hystrix.command.default.requestCache.enabled, zuul.sensitiveHeaders") })
}

@Test func hystrixTimeoutBelowRibbonBudgetWarns() throws {
    // Case F02: 1000 ms Hystrix in front of 1000 + 1000 ms × 2 attempts.
    let scenario = try ScenarioLoader.load(yaml: validBase + "\nresilience:\n  hystrix: {timeout: 1s}\n")
    #expect(scenario.warnings.contains { $0.contains("lower than its Ribbon retry budget 4s") })
}

@Test func extendsMergesOverridesAndPointsErrorsAtTheRightFile() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cinesim-extends-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try (validBase + "\ntopology:\n  services:\n    compra-command: {instances: 4}\n").write(to: folder.appendingPathComponent("base.yaml"), atomically: true, encoding: .utf8)
    try "extends: base.yaml\nname: child\ntopology:\n  services:\n    compra-command: {workers: 3}\n".write(to: folder.appendingPathComponent("child.yaml"), atomically: true, encoding: .utf8)
    let scenario = try ScenarioLoader.load(file: folder.appendingPathComponent("child.yaml").path)
    let compra = scenario.topology.services.first { $0.id == "compra-command" }!
    #expect(scenario.name == "child")
    #expect(compra.node.instances == 4 && compra.node.workers == 3)
    #expect(scenario.sourceFiles.count == 2)
    try "extends: base.yaml\nname: child\ncatalog: {cines: zero}\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
    #expect { try ScenarioLoader.load(file: folder.appendingPathComponent("bad.yaml").path) } throws: { error in
        guard let error = error as? ScenarioError else { return false }
        return error.file.hasSuffix("bad.yaml") && error.line == 3
    }
}

@Test func setOverridesApplyAndAreLocatedOnError() throws {
    let scenario = try ScenarioLoader.load(yaml: validBase, overrides: ["workload.stages.0.target=50/s", "seed=99"])
    #expect(scenario.workload.stages[0].target.perSecond == 50)
    #expect(scenario.seed == 99)
    #expect { try ScenarioLoader.load(yaml: validBase, overrides: ["workload.stages.0.target=lots"]) } throws: { error in
        (error as? ScenarioError)?.file.hasPrefix("--set workload.stages.0.target=lots") == true
    }
}

@Test func arrivalRateFollowsStagesRampsAndSpikes() throws {
    let yaml = """
    name: ramp
    duration: 5m
    workload:
      start_rate: 100/s
      stages:
        - {duration: 1m, target: 100/s}
        - {duration: 1m, target: 700/s}
      spikes:
        - {at: 4m, for: 10s, extra: 1000/s}
    """
    let w = try ScenarioLoader.load(yaml: yaml).workload
    #expect(w.arrivalRate(atSeconds: 30) == 100)
    #expect(w.arrivalRate(atSeconds: 90) == 400)     // halfway up the linear ramp 100 → 700
    #expect(w.arrivalRate(atSeconds: 150) == 700)    // after the last stage: hold its target
    #expect(w.arrivalRate(atSeconds: 245) == 1700)   // spike adds on top
}

@Test func schemaListsEveryTopLevelKeyAndFaultKind() throws {
    let document = ScenarioSchema.document
    let properties = document["properties"] as! [String: Any]
    for key in ScenarioDecoder.topLevelKeys { #expect(properties[key] != nil, "\(key)") }
    let json = ScenarioSchema.json()
    for kind in FaultKind.allCases { #expect(json.contains("\"\(kind.rawValue)\"")) }
    #expect(ScenarioSchema.json() == json)   // stable output
}
