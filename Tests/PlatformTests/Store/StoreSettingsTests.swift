import Testing
import Scenarios
import CinemaDomain
import ShardedStore
@testable import Platform

/// `topology.store.write_concern` and `topology.store.driver` reach the hosted drivers.
@Test func scenarioDriverSettingsReachTheStoreDrivers() throws {
    let yaml = SmallScenarios.yaml(duration: "5s")
        .replacingOccurrences(of: "topology:\n", with: "topology:\n  store: {write_concern: 1, driver: {heartbeat_frequency: 300s, rediscover_on_not_primary: false, retry_writes: false, server_selection_timeout: 5s, read_preference: secondaryPreferred, socket_timeout: 2s}}\n")
    let simulation = try PlatformSimulation(scenario: try SmallScenarios.load(yaml))
    let settings = simulation.store.drivers[0].settings
    var expected = DriverSettings(sessionID: settings.sessionID)   // case F12's driver (config A)
    expected.monitor.heartbeatFrequency = .seconds(300)
    expected.monitor.rediscoverOnError = false
    expected.retryWrites = false
    expected.writeConcern = .primary
    expected.serverSelectionTimeout = .seconds(5)
    expected.readPreference = .secondaryPreferred
    expected.socketTimeout = .seconds(2)
    #expect(settings == expected)
    // The routers' shard monitors take the monitoring part (case F12 through mongos).
    #expect(simulation.store.routers.allSatisfy { $0.settings.shardMonitor == expected.monitor })
    // 3 shards × 3 members, a driver per service instance (18 services × 2), one router per mongos.
    #expect(simulation.store.members.count == 9)
    #expect(simulation.store.drivers.count == 36)
    #expect(simulation.store.members.filter { $0.state == .primary }.count == 3)
}

@Test func defaultDriverIsTheMongoDBDefault() throws {
    let simulation = try PlatformSimulation(scenario: try SmallScenarios.load(SmallScenarios.yaml(duration: "5s")))
    let settings = simulation.store.drivers[0].settings
    #expect(settings == DriverSettings(sessionID: settings.sessionID))   // w:majority, retryWrites, 30 s selection (§1.4–§1.6)
    #expect(settings.socketTimeout == nil)   // socketTimeoutMS 0: wait forever
    #expect(Set(simulation.store.drivers.map(\.settings.sessionID)).count == simulation.store.drivers.count)
}

/// `topology.store.shard_keys` become the real routing tables (case F14): a ranged key is split
/// into 4 chunks per shard over the values present at the start (an empty collection keyed by a
/// reference, over the referenced ids), spread round-robin, MinKey and MaxKey at the ends; a
/// hashed key is pre-split evenly, one chunk per shard (MongoDB's initial chunks for a hashed key).
@Test func scenarioShardKeysBecomeTheRoutersRoutingTables() throws {
    let yaml = SmallScenarios.yaml(duration: "5s")
        .replacingOccurrences(of: "topology:\n", with: "topology:\n  store: {shards: 3, shard_keys: {compras: funcionId, seats: \"hashed(funcionId)\"}}\n")
    let simulation = try PlatformSimulation(scenario: try SmallScenarios.load(yaml))
    let purchases = Int(StoreCollection.purchases.rawValue), seats = Int(StoreCollection.seatInventories.rawValue)
    let customers = Int(StoreCollection.customers.rawValue)
    for router in simulation.store.routers {
        let ranged = try #require(router.tables[purchases])
        #expect(ranged.pattern == .ranged)
        #expect(ranged.chunks.count == 4 * 3)
        #expect(ranged.chunks.map(\.shard.rawValue) == (0..<12).map { Int32($0 % 3) })
        #expect(ranged.chunks.first?.range.lower == .min && ranged.chunks.last?.range.upper == nil)
        // Every showtime id lies strictly inside the split (the lowest in chunk 0, none in MaxKey's
        // range beyond the highest).
        let showtimes = simulation.documentStore.keys(.showtimes)
        #expect(ranged.chunks[1].range.lower > showtimes.first! && ranged.chunks[11].range.lower <= showtimes.last!)
        let hashed = try #require(router.tables[seats])
        #expect(hashed.pattern == .hashed && hashed.chunks == RoutingTable.evenSplit(shards: 3))
        // Collections without a configured key keep the domain's (hashed).
        #expect(router.tables[customers]?.pattern == .hashed)
    }
}
