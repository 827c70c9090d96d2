import Testing
import Scenarios
import Telemetry
@testable import Platform

@Test func invariantsHoldAndEveryRequestEndsOnce() throws {
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml())).run()
    for invariant in artifacts.summary.invariants { #expect(invariant.passed, "\(invariant.name): \(invariant.detail)") }
    // Each route's outcome counts add up to its request count.
    for route in artifacts.summary.routes { #expect(route.outcomes.total == route.count, "\(route.name)") }
}

@Test func littlesLawHoldsOnEveryNode() throws {
    // L = λW per instance (Little 1961): time-weighted number in the station vs arrival rate × mean
    // time in it. Boundary effects (requests in flight at the window's ends) bound the error by
    // (in-flight × W) / window, well under 5 % here.
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "20s", rate: "120/s"))).run()
    var checked = 0
    for component in artifacts.summary.components {
        for instance in component.instances where instance.requests >= 100 {
            let l = instance.meanInSystem
            let lambdaW = instance.arrivalRatePerSecond * instance.meanTimeInSystemSeconds
            #expect(abs(l - lambdaW) <= max(0.05 * l, 0.002), "\(instance.name): L=\(l) λW=\(lambdaW)")
            checked += 1
        }
    }
    #expect(checked >= 15)
}

@Test func busyTimeAgreesWithSojournTimesWithoutQueueing() throws {
    // cadena-query serves only GET /api/cines' downstream calls: its busy time per request is its
    // own service time (4 ms exponential) + one store round trip. Utilisation = λ·S/c must agree
    // with the station's measured busy fraction (utilisation law).
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "20s", rate: "120/s"))).run()
    let cadena = artifacts.summary.components.first { $0.name == "cadena-query" }!
    for instance in cadena.instances {
        let busyPerRequest = instance.meanTimeInSystemSeconds - 0   // no queueing at this load
        let predicted = instance.arrivalRatePerSecond * busyPerRequest / 4
        #expect(abs(instance.utilisation - predicted) < 0.01, "\(instance.name): U=\(instance.utilisation) predicted \(predicted)")
    }
}

@Test func attackersNeverReachAServiceAndGet401() throws {
    let yaml = SmallScenarios.yaml().replacingOccurrences(of: "  client_timeout: 10s", with: "  client_timeout: 10s\n  attackers: {share: 30%}")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let metrics = Dictionary(uniqueKeysWithValues: artifacts.summary.platformMetrics.map { ($0.name, $0.value) })
    #expect(metrics["attacker_requests"]! > 50)
    #expect(metrics["unauthorized_reaching_services"] == 0)
    // Their first API call (the seat map) is refused at the gateway with 401 by the real JWT check.
    let seatMap = artifacts.summary.routes.first { $0.name == "GET /api/funciones/{id}" }!
    #expect(seatMap.outcomes.clientError4xx >= Int(metrics["attacker_requests"]! * 0.9))
}

@Test func queueFullRequestsAreShedNotLost() throws {
    // One funcion-query worker with no queue under 300 req/s of seat-map reads: admission sheds.
    let yaml = SmallScenarios.yaml(rate: "300/s").replacingOccurrences(of: "    default: {instances: 2, workers: 4, queue: 32, service_time: \"exponential(mean: 4ms)\"}",
        with: "    default: {instances: 2, workers: 4, queue: 32, service_time: \"exponential(mean: 4ms)\"}\n    funcion-query: {instances: 1, workers: 1, queue: 0, service_time: \"exponential(mean: 20ms)\"}")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let funcion = artifacts.summary.components.first { $0.name == "funcion-query" }!
    #expect(funcion.instances[0].rejected > 0)
    #expect(funcion.instances[0].utilisation <= 1.0)
    for invariant in artifacts.summary.invariants { #expect(invariant.passed, "\(invariant.name)") }
}

@Test func seatSaleRateCountsOnlyTheMeasuredWindow() throws {
    // seats.soldPerSecond is a rate over the measured window (duration − warm-up), as k6 and
    // Gatling exclude their ramp-up: seats confirmed during the warm-up must not count. The
    // cumulative `seats_sold` series gives the count at the warm-up's end (bucket 5 closes at 5 s).
    let yaml = SmallScenarios.yaml(duration: "20s", rate: "100/s").replacingOccurrences(of: "warmup: 2s", with: "warmup: 5s")
    let artifacts = try PlatformSimulation(scenario: try SmallScenarios.load(yaml)).run()
    let sold = try #require(artifacts.timeSeries.values(.seatsSold, "all"))
    #expect(sold.count == 20)
    let soldInWarmup = sold[4], soldAtEnd = sold[19]
    #expect(soldInWarmup > 0, "the test needs sales during the warm-up")
    let expected = (soldAtEnd - soldInWarmup) / 15
    #expect(abs(artifacts.summary.seats.soldPerSecond - expected) < 1e-9, "\(artifacts.summary.seats.soldPerSecond) vs \(expected)")
}
