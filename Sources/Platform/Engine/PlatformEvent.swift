/// Every event of the simulated platform: a small value type dispatched with one `switch`
/// (no closure per event, see `EventQueue`). Slot references carry the slot's generation so an
/// event for a request that already ended is recognised as stale.
enum PlatformEvent {
    /// Next open-model session arrival.
    case sessionArrival
    /// A session sends its next journey step (after think time or a retry backoff).
    case sessionStep(session: Int32, generation: UInt32)
    /// A user resends a failed step after the retry backoff.
    case clientRetry(request: Int32, generation: UInt32)
    /// The client gave up on a step.
    case clientTimeout(request: Int32, generation: UInt32)
    /// A call's request reached its callee (connect done, request sent).
    case callArrives(call: Int32, generation: UInt32)
    /// A call's connection was refused (RST back at the caller).
    case connectRefused(call: Int32, generation: UInt32)
    /// The caller's connect or read deadline for a call.
    case callDeadline(call: Int32, generation: UInt32)
    /// The callee finished the CPU part of the current program step of a call.
    case computeDone(call: Int32, generation: UInt32)
    /// A call's response reached the caller.
    case responseArrives(call: Int32, generation: UInt32)
    /// Fault timeline.
    case faultStarts(index: Int32)
    case faultEnds(index: Int32)
    /// Background traffic: Eureka heartbeat / registry fetch / config poll from node `node`.
    case backgroundTick(node: Int32, kind: BackgroundKind)
    /// A node's Eureka client timer (heartbeat / registry fetch).
    case eurekaClientTick(node: Int32)
    /// A Eureka server's timers (eviction, response cache, renewal rate).
    case eurekaServerTick(server: Int32)
    /// A Ribbon balancer's server-list refresh (PollingServerListUpdater).
    case ribbonRefresh(balancer: Int32)
    /// Domain events reach the query side after the projection lag.
    case projectEvents(batch: Int32)
    /// The hold sweeper expires a purchase's hold.
    case expireHold(purchase: Int64)
    /// Call stack timers: Hystrix's timeout, an attempt's read deadline, a queued command's thread.
    case hystrixTimeout(outbound: Int32, generation: UInt32)
    case attemptReadDeadline(outbound: Int32, generation: UInt32, attempt: Int16)
    case outboundThreadStarted(outbound: Int32, generation: UInt32)
    /// A `ShardedStore` message (slot in `StoreWiring.messages`) reaches its receiver.
    case storeDeliver(message: Int32)
    /// A store member or router finished the CPU part of a command or replication batch.
    case storeProcessed(message: Int32)
    /// A store process's timer (its `nextDeadline`); one pending per process.
    case storeTick(node: Int32)
    /// Close a telemetry time bucket.
    case bucketTick
    /// End of warm-up: start the measured window.
    case warmupEnds
}

/// Periodic platform traffic that is real load on Eureka, the config server and the log pipeline.
enum BackgroundKind: UInt8 {
    case eurekaHeartbeat, eurekaFetch, configPoll, logShip
    /// One hystrix.stream chunk from an instance to Turbine (Observability).
    case turbineStream
}
