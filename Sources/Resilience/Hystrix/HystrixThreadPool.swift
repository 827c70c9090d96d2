import SimulationPrimitives

/// A Hystrix thread pool (`HystrixThreadPool` over a JDK `ThreadPoolExecutor`), sans-I/O:
/// it counts busy threads and keeps the FIFO queue of waiting call ids
/// (reference/netflix-oss.md §1.2). Shared by every command whose thread-pool key matches
/// (by default the command group, e.g. Zuul's shared "RibbonCommand" pool), hence a class.
///
/// ```swift
/// let pool = HystrixThreadPool(key: "RibbonCommand", properties: .springCloud, createdAt: .zero)
/// switch pool.admit(callID: 7, at: now) { case .run: …; case .queued: …; case .rejected: … }
/// if let next = pool.threadFinished(at: later) { /* call `next` starts running now */ }
/// ```
/// Admission (§1.2): with `maxQueueSize ≤ 0` (SynchronousQueue) a call runs iff a thread is free
/// (up to `actualMaximumSize`), else it is rejected. With `maxQueueSize > 0`: a free core thread
/// runs it; otherwise it is rejected when `queue.count ≥ queueSizeRejectionThreshold`, queued when
/// the JDK queue (`maxQueueSize`) has room, and only then may threads grow past `coreSize`
/// (JDK semantics). A queued call whose command timed out stays in the queue (it still counts
/// towards the threshold) and is skipped with zero work when dequeued, as a cancelled
/// `FutureTask` is. The queue ring is allocated once with `maxQueueSize` slots.
public final class HystrixThreadPool {
    // Stored `var`s are `@exclusivity(unchecked)`: a class's mutable state is otherwise checked
    // dynamically on every mutating access (`swift_beginAccess`, ~1.5 % of a platform run's
    // instructions spent in this class and the thread pool). The core is single-threaded and no
    // method overlaps two accesses to one property (docs/performance.md, round 5 `perfcall`).
    /// The outcome of `admit(callID:at:)`.
    public enum Admission: Sendable, Equatable {
        /// A thread is free: the call runs now.
        case run
        /// The call waits in the queue; `threadFinished` returns its id when it starts.
        case queued
        /// THREAD_POOL_REJECTED.
        case rejected
    }

    /// The thread-pool key.
    public let key: String
    /// Dynamic properties (`maxQueueSize` is fixed at construction: `queueCapacity`).
    @exclusivity(unchecked) public var properties: HystrixThreadPoolProperties
    /// The JDK queue's capacity, fixed when the pool was built (`maxQueueSize`, or 0).
    public let queueCapacity: Int
    /// Threads executing a task (`currentActiveCount`).
    @exclusivity(unchecked) public private(set) var activeCount = 0
    /// Threads created so far (`currentPoolSize`; JDK threads are kept while idle).
    @exclusivity(unchecked) public private(set) var poolSize = 0
    /// Largest pool size seen (`currentLargestPoolSize`).
    @exclusivity(unchecked) public private(set) var largestPoolSize = 0
    /// Tasks completed (`currentCompletedTaskCount`).
    @exclusivity(unchecked) public private(set) var completedTaskCount: Int64 = 0
    /// Tasks ever accepted (`currentTaskCount`).
    @exclusivity(unchecked) public private(set) var taskCount: Int64 = 0
    @exclusivity(unchecked) private var queueIDs: [Int]
    @exclusivity(unchecked) private var queueCancelled: [Bool]
    @exclusivity(unchecked) private var queueHead = 0
    /// Calls waiting in the queue (`currentQueueSize`).
    @exclusivity(unchecked) public private(set) var queueCount = 0
    @exclusivity(unchecked) private var rollingExecuted: RollingCounters
    @exclusivity(unchecked) private var rollingMaxActive: RollingMaximum

    /// Creates an idle pool.
    public init(key: String, properties: HystrixThreadPoolProperties, createdAt: SimTime) {
        self.key = key
        self.properties = properties
        queueCapacity = max(0, properties.maxQueueSize)
        queueIDs = Array(repeating: 0, count: max(1, queueCapacity))
        queueCancelled = Array(repeating: false, count: max(1, queueCapacity))
        rollingExecuted = RollingCounters(counterCount: 2, window: properties.metricsRollingStatsWindow,
                                          bucketCount: properties.metricsRollingStatsNumBuckets, origin: createdAt)
        rollingMaxActive = RollingMaximum(window: properties.metricsRollingStatsWindow,
                                          bucketCount: properties.metricsRollingStatsNumBuckets, origin: createdAt)
    }

    /// Decides whether call `callID` runs now, waits, or is rejected (§1.2).
    public func admit(callID: Int, at now: SimTime) -> Admission {
        let core = properties.coreSize
        let maximum = properties.actualMaximumSize
        if queueCapacity <= 0 {
            if activeCount < maximum { startThread(at: now); return .run }
            return reject(at: now)
        }
        if activeCount < core { startThread(at: now); return .run }
        // Hystrix's own check happens before the JDK sees the task.
        if queueCount >= properties.queueSizeRejectionThreshold { return reject(at: now) }
        if queueCount < queueCapacity {
            let slot = (queueHead + queueCount) % queueCapacity
            queueIDs[slot] = callID
            queueCancelled[slot] = false
            queueCount += 1
            taskCount += 1
            return .queued
        }
        if activeCount < maximum { startThread(at: now); return .run }
        return reject(at: now)
    }

    /// A running task ended at `now`: the thread takes the next live queued call, whose id is
    /// returned (it starts now), skipping calls cancelled by their command's timeout.
    public func threadFinished(at now: SimTime) -> Int? {
        precondition(activeCount > 0, "threadFinished without a running task")
        activeCount -= 1
        completedTaskCount += 1
        while queueCount > 0 {
            let id = queueIDs[queueHead]
            let cancelled = queueCancelled[queueHead]
            queueHead = (queueHead + 1) % queueCapacity
            queueCount -= 1
            if cancelled { completedTaskCount += 1; continue }
            startThread(at: now, accepted: false)
            return id
        }
        return nil
    }

    /// Marks the queued call `callID` cancelled (its command timed out while waiting); it keeps its
    /// queue slot until dequeued. Returns false if it is not queued.
    @discardableResult
    public func cancelQueued(callID: Int) -> Bool {
        for k in 0..<queueCount {
            let slot = (queueHead + k) % queueCapacity
            if queueIDs[slot] == callID && !queueCancelled[slot] { queueCancelled[slot] = true; return true }
        }
        return false
    }

    /// `rollingCountThreadsExecuted` at `now`.
    public func rollingCountThreadsExecuted(at now: SimTime) -> Int64 { rollingExecuted.sum(0, at: now) }
    /// `rollingCountCommandRejections` at `now`.
    public func rollingCountCommandRejections(at now: SimTime) -> Int64 { rollingExecuted.sum(1, at: now) }
    /// `rollingMaxActiveThreads` at `now`.
    public func rollingMaxActiveThreads(at now: SimTime) -> Int64 { rollingMaxActive.maximum(at: now) }

    private func startThread(at now: SimTime, accepted: Bool = true) {
        activeCount += 1
        if accepted { taskCount += 1 }
        if activeCount > poolSize { poolSize = activeCount }
        if poolSize > largestPoolSize { largestPoolSize = poolSize }
        rollingExecuted.add(0, at: now)
        rollingMaxActive.observe(Int64(activeCount), at: now)
    }

    private func reject(at now: SimTime) -> Admission {
        rollingExecuted.add(1, at: now)
        return .rejected
    }

    /// Checks the pool's invariants: counts within bounds.
    public func checkInvariants() {
        precondition(activeCount >= 0 && activeCount <= max(properties.actualMaximumSize, poolSize))
        precondition(queueCount >= 0 && queueCount <= queueCapacity)
    }
}
