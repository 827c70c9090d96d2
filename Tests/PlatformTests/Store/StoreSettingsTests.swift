import Testing
import Scenarios
import ShardedStore
@testable import Platform

/// `topology.store.write_concern` and `topology.store.driver` reach the hosted drivers.
@Test func scenarioDriverSettingsReachTheStoreDrivers() throws {
    let yaml = SmallScenarios.yaml(duration: "5s")
        .replacingOccurrences(of: "topology:\n", with: "topology:\n  store: {write_concern: 1, driver: {heartbeat_frequency: 300s, rediscover_on_not_primary: false, retry_writes: false, server_selection_timeout: 5s}}\n")
    let simulation = try PlatformSimulation(scenario: try SmallScenarios.load(yaml))
    let settings = simulation.store.drivers[0].settings
    var expected = DriverSettings(sessionID: settings.sessionID)   // case F12's driver, primary reads
    expected.monitor.heartbeatFrequency = .seconds(300)
    expected.monitor.rediscoverOnError = false
    expected.retryWrites = false
    expected.writeConcern = .primary
    expected.serverSelectionTimeout = .seconds(5)
    #expect(settings == expected)
    // 3 shards × 3 members, a driver per service instance (18 services × 2), one router per mongos.
    #expect(simulation.store.members.count == 9)
    #expect(simulation.store.drivers.count == 36)
    #expect(simulation.store.members.filter { $0.state == .primary }.count == 3)
}

@Test func defaultDriverIsTheMongoDBDefault() throws {
    let simulation = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "5s")))
    let settings = simulation.store.drivers[0].settings
    #expect(settings == DriverSettings(sessionID: settings.sessionID))   // w:majority, retryWrites, 30 s selection (§1.4–§1.6)
    #expect(Set(simulation.store.drivers.map(\.settings.sessionID)).count == simulation.store.drivers.count)
}
