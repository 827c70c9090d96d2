import Testing
import LoadBalancing
import Resilience
import SimulationPrimitives

/// A queued call the pool has already handed a thread to (`.startQueuedCall` emitted) but that
/// ends — Hystrix timeout or caller cancel — before its `.threadStarted` arrives (both are events
/// at the same instant; the platform delivers `.threadStarted` through its event queue). Hystrix:
/// the thread runs the task, finds the command over ("timed out before executing run()",
/// `AbstractCommand.executeCommandWithSpecifiedIsolation`) and returns at once, so the thread is
/// free again and takes the next queued call. Minimal sequence of property-test seed 313654648,
/// which leaked the thread for good (`pool.activeCount` stayed 1).
@Suite struct ClientCallStackQueuedHandOffTests {
    /// One thread, queue of 5; A runs from 0 ms, B queues at 10 ms (Hystrix deadline 1 010 ms,
    /// `execution.isolation.thread.timeoutInMilliseconds` 1000), C queues at 20 ms.
    func setUp() throws -> (HystrixThreadPool, HystrixCommand, [ClientCallStack]) {
        var tp = HystrixThreadPoolProperties.springCloud
        tp.coreSize = 1
        tp.maxQueueSize = 5
        let pool = HystrixThreadPool(key: "funcion-query", properties: tp, createdAt: .zero)
        let command = try HystrixCommand(key: "funcion-query", properties: .springCloud, threadPool: pool, createdAt: .zero)
        var calls = (1...3).map { ClientCallStack(configuration: .defaults(.springCloud), command: command, callID: $0, idempotent: true) }
        calls[0].start(at: msAt(0)); _ = drainActions(&calls[0])
        calls[1].start(at: msAt(10))
        #expect(drainActions(&calls[1]) == [.scheduleHystrixTimeout(at: msAt(1_010))])
        calls[2].start(at: msAt(20)); _ = drainActions(&calls[2])
        calls[0].handle(.serverChosen(7), at: msAt(0)); _ = drainActions(&calls[0])
        calls[0].handle(.connected(attempt: 1), at: msAt(1)); _ = drainActions(&calls[0])
        // A's response arrives at B's Hystrix deadline: the thread goes to B (FIFO).
        calls[0].handle(.responseReceived(attempt: 1, status: 200), at: msAt(1_010))
        let actions = drainActions(&calls[0])
        #expect(actions.contains(.startQueuedCall(callID: 2)))
        #expect(actions.last == .finished)
        #expect(pool.activeCount == 1, "B's thread")
        #expect(pool.queueCount == 1, "C waits")
        return (pool, command, calls)
    }

    /// B's Hystrix timer fires before its `.threadStarted`: TIMEOUT and fallback for B, the
    /// thread passes straight on to C, and the late `.threadStarted` is ignored.
    @Test func timeoutBeforeThreadStarted() throws {
        var (pool, command, calls) = try setUp()
        calls[1].handle(.hystrixTimedOut, at: msAt(1_010))
        #expect(drainActions(&calls[1]) == [.startQueuedCall(callID: 3), .runFallback(cause: .timeout)])
        #expect(pool.activeCount == 1, "B's thread now runs C")
        #expect(pool.queueCount == 0)
        calls[1].handle(.threadStarted, at: msAt(1_010))
        #expect(drainActions(&calls[1]) == [], "stale hand-off")
        calls[1].handle(.fallbackFinished(success: true), at: msAt(1_012))
        #expect(drainActions(&calls[1]) == [.complete(ClientCallOutcome(event: .timeout, fallback: .success, status: nil, server: nil, attempts: 0)), .finished])
        calls[2].handle(.threadStarted, at: msAt(1_010))
        #expect(drainActions(&calls[2]) == [.chooseServer(attempt: 1, previous: nil)])
        calls[2].handle(.serverChosen(7), at: msAt(1_010)); _ = drainActions(&calls[2])
        calls[2].handle(.connected(attempt: 1), at: msAt(1_011)); _ = drainActions(&calls[2])
        calls[2].handle(.responseReceived(attempt: 1, status: 200), at: msAt(1_015))
        #expect(drainActions(&calls[2]).last == .finished)
        #expect(pool.activeCount == 0)
        #expect(pool.completedTaskCount == 3, "A, B (returned without running), C")
        // Completed 1 s buckets 0…9 at 10 s: B's TIMEOUT, A's and C's SUCCESS.
        #expect(command.rollingCount(.timeout, at: msAt(10_000)) == 1)
        #expect(command.rollingCount(.success, at: msAt(10_000)) == 2)
        #expect(command.fallbackPermitsInUse == 0)
        pool.checkInvariants()
    }

    /// B's caller gives up before its `.threadStarted`: CANCELLED, and the thread passes on to C.
    @Test func callerCancelBeforeThreadStarted() throws {
        var (pool, _, calls) = try setUp()
        calls[1].handle(.callerCancelled, at: msAt(1_010))
        #expect(drainActions(&calls[1]) == [.startQueuedCall(callID: 3),
                                            .complete(ClientCallOutcome(event: .cancelled, fallback: nil, status: nil, server: nil, attempts: 0)),
                                            .finished])
        #expect(pool.activeCount == 1, "B's thread now runs C")
        calls[1].handle(.threadStarted, at: msAt(1_010))
        #expect(drainActions(&calls[1]) == [])
        calls[2].handle(.callerCancelled, at: msAt(1_011)); _ = drainActions(&calls[2])
        #expect(pool.activeCount == 0)
        #expect(pool.queueCount == 0)
        pool.checkInvariants()
    }
}
