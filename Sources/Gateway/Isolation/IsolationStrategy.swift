/// How concurrent calls per route are bounded at the gateway (`zuul.ribbonIsolationStrategy`,
/// reference netflix-oss.md §6.3; case F05).
public enum IsolationStrategy: Sendable, Hashable {
    /// Hystrix semaphore isolation: at most `maxSemaphores` concurrent calls per service
    /// (`zuul.semaphore.maxSemaphores`, default 100; `zuul.eureka.<serviceId>.semaphore.maxSemaphores`
    /// per service). The Spring Cloud Zuul default.
    case semaphore(maxSemaphores: Int)
    /// Hystrix thread-pool isolation: `coreSize` threads (Hystrix default 10) with the default
    /// `maxQueueSize = -1` (no queue: the 11th concurrent call is rejected, reference §1.2). One
    /// pool `RibbonCommand` shared by every route, or one per service when `separatePools`
    /// (`zuul.threadPool.useSeparateThreadPools`).
    case threadPool(coreSize: Int, separatePools: Bool)

    /// Spring Cloud Zuul's default: semaphore isolation with 100 permits per route.
    public static let springCloudDefault = IsolationStrategy.semaphore(maxSemaphores: 100)
    /// Thread isolation with Hystrix's default pool (10 threads, shared).
    public static let hystrixDefaultThreadPool = IsolationStrategy.threadPool(coreSize: 10, separatePools: false)

    /// Case F05's fix (zowe/api-layer PR #1781): tie the per-route semaphore to the HTTP client's
    /// connection pool, so the bulkhead rejects only when the pool is exhausted too.
    /// `zuul.host.maxTotalConnections` defaults to 200 (reference netflix-oss.md §6.2).
    public static func sizedToConnectionPool(maxTotalConnections: Int = 200) -> IsolationStrategy {
        .semaphore(maxSemaphores: maxTotalConnections)
    }
}

/// The admission state for route isolation: permits in use per bulkhead (per service for
/// semaphores and separate pools, one shared pool otherwise).
///
/// A call is admitted when its bulkhead has a free permit and holds it until the platform reports
/// the upstream outcome. Deliberate difference from Hystrix's order (breaker check, then
/// bulkhead): here the gateway's bulkhead is checked first and the breaker inside the client call
/// stack afterwards; a short-circuited call releases its permit at once, so counts are the same.
public struct RouteAdmission: Sendable {
    /// Permit limit of each bulkhead.
    public private(set) var limits: [Int]
    /// Permits in use per bulkhead.
    public private(set) var inUse: [Int]
    /// Bulkhead of each service index.
    let bulkheadOfService: [Int]
    /// Rejections per bulkhead since creation.
    public private(set) var rejections: [Int]
    /// Whether rejections are semaphore (true) or thread-pool (false) rejections.
    public let isSemaphore: Bool

    /// Admission for the services of `table` under `strategy`; `perServiceLimits` overrides the
    /// semaphore limit of named services.
    public init(table: ZuulRouteTable, strategy: IsolationStrategy, perServiceLimits: [String: Int] = [:]) {
        switch strategy {
        case .semaphore(let maxSemaphores):
            isSemaphore = true
            limits = table.serviceIDs.map { perServiceLimits[$0] ?? maxSemaphores }
            bulkheadOfService = Array(table.serviceIDs.indices)
        case .threadPool(let coreSize, let separatePools):
            isSemaphore = false
            if separatePools {
                limits = table.serviceIDs.map { perServiceLimits[$0] ?? coreSize }
                bulkheadOfService = Array(table.serviceIDs.indices)
            } else {
                limits = [coreSize]
                bulkheadOfService = table.serviceIDs.map { _ in 0 }
            }
        }
        inUse = limits.map { _ in 0 }
        rejections = limits.map { _ in 0 }
    }

    /// Takes a permit for `service`; false (and counts a rejection) when none is free.
    public mutating func tryAcquire(_ service: ServiceIndex) -> Bool {
        let bulkhead = bulkheadOfService[service.rawValue]
        guard inUse[bulkhead] < limits[bulkhead] else {
            rejections[bulkhead] += 1
            return false
        }
        inUse[bulkhead] += 1
        return true
    }

    /// Returns the permit of a finished call to `service`.
    public mutating func release(_ service: ServiceIndex) {
        let bulkhead = bulkheadOfService[service.rawValue]
        precondition(inUse[bulkhead] > 0, "RouteAdmission: release without a permit")
        inUse[bulkhead] -= 1
    }

    /// Permits in use for `service`'s bulkhead.
    public func inFlight(_ service: ServiceIndex) -> Int { inUse[bulkheadOfService[service.rawValue]] }

    /// Checks `0 <= inUse <= limit` for every bulkhead.
    public func checkInvariants() {
        for index in limits.indices { precondition(inUse[index] >= 0 && inUse[index] <= limits[index], "RouteAdmission over its limit") }
    }
}
