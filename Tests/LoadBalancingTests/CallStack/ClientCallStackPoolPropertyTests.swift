import Testing
import PropertyBased
import LoadBalancing
import Resilience
import SimulationPrimitives

/// Many calls sharing one THREAD-isolated command and a small pool, under random network
/// behaviour, Hystrix timeouts and caller cancellations: every call is answered once and finished
/// once, `.startQueuedCall` hand-offs are honoured, and the pool ends empty (no leaked thread,
/// queue slot, fallback permit).
@Suite struct ClientCallStackPoolPropertyTests {
    struct Pending { var time: Int64; var seq: Int; var call: Int; var event: ClientCallEvent }

    @Test func sharedPoolInvariants() async {
        await propertyCheck(count: 30, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var tp = HystrixThreadPoolProperties.springCloud
            tp.coreSize = 1 + rng.nextInt(below: 3)
            tp.maxQueueSize = rng.nextInt(below: 4) - 1
            tp.queueSizeRejectionThreshold = 1 + rng.nextInt(below: 3)
            let pool = HystrixThreadPool(key: "pool", properties: tp, createdAt: .zero)
            var p = HystrixCommandProperties.springCloud
            p.executionTimeout = .milliseconds(Int64(300 + rng.nextInt(below: 3_000)))
            p.fallbackIsolationSemaphoreMaxConcurrentRequests = 2
            let command = try! HystrixCommand(key: "cmd", properties: p, threadPool: pool, hasFallback: rng.nextBool(probability: 0.5), createdAt: .zero)
            var config = ClientCallConfiguration.defaults(.springCloud)
            config.ribbon.readTimeout = .milliseconds(Int64(200 + rng.nextInt(below: 1_500)))
            config.hystrixTimeoutBehaviour = [.continueAttempts, .finishCurrentAttemptOnly, .cancelAttempts][rng.nextInt(below: 3)]
            let callCount = 20
            var calls: [ClientCallStack] = (0..<callCount).map {
                ClientCallStack(configuration: config, command: command, callID: $0, idempotent: rng.nextBool(probability: 0.7))
            }
            var completes = Array(repeating: 0, count: callCount)
            var finishes = Array(repeating: 0, count: callCount)
            var queue: [Pending] = []
            var seq = 0
            func push(_ time: Int64, _ call: Int, _ event: ClientCallEvent) { queue.append(Pending(time: time, seq: seq, call: call, event: event)); seq += 1 }
            let starts: [Int64] = (0..<callCount).map { _ in Int64(rng.nextInt(below: 10_000)) }
            var started = Array(repeating: false, count: callCount)
            var now: Int64 = 0
            func perform(_ actions: [ClientCallAction], call i: Int) {
                for action in actions {
                    switch action {
                    case let .scheduleHystrixTimeout(deadline): push(deadline.nanosecondsSinceStart / 1_000_000, i, .hystrixTimedOut)
                    case .chooseServer: push(now, i, .serverChosen(rng.nextInt(below: 3)))
                    case let .connect(attempt, _, deadline):
                        if rng.nextBool(probability: 0.8) { push(now + 1, i, .connected(attempt: attempt)) }
                        else if rng.nextBool(probability: 0.5) { push(now + 1, i, .connectFailed(attempt: attempt, .refused)) }
                        else { push(deadline.nanosecondsSinceStart / 1_000_000, i, .connectFailed(attempt: attempt, .timedOut)) }
                    case let .awaitResponse(attempt, _, deadline):
                        if rng.nextBool(probability: 0.7) { push(now + Int64(rng.nextInt(below: 2_000)), i, .responseReceived(attempt: attempt, status: 200)) }
                        push(deadline.nanosecondsSinceStart / 1_000_000, i, .readTimedOut(attempt: attempt))
                    case .runFallback: push(now + Int64(rng.nextInt(below: 50)), i, .fallbackFinished(success: true))
                    case .startQueuedCall(let id): push(now, id, .threadStarted)
                    case .complete: completes[i] += 1
                    case .finished: finishes[i] += 1
                    case .attemptEnded, .cancelAttempt: break
                    }
                }
            }
            for i in 0..<callCount where rng.nextBool(probability: 0.2) { push(starts[i] + Int64(rng.nextInt(below: 3_000)), i, .callerCancelled) }
            var steps = 0
            while steps < 5_000 {
                steps += 1
                // Next: a call start or a pending event, whichever is earlier (starts first on ties).
                var nextStart: Int? = nil
                for i in 0..<callCount where !started[i] && (nextStart == nil || starts[i] < starts[nextStart!]) { nextStart = i }
                var best: Int? = nil
                for k in queue.indices where best == nil || (queue[k].time, queue[k].seq) < (queue[best!].time, queue[best!].seq) { best = k }
                if let s = nextStart, best == nil || starts[s] <= queue[best!].time {
                    now = max(now, starts[s]); started[s] = true
                    calls[s].start(at: msAt(now))
                    perform(drainActions(&calls[s]), call: s)
                    continue
                }
                guard let b = best else { break }
                let item = queue.remove(at: b)
                now = max(now, item.time)
                calls[item.call].handle(item.event, at: msAt(now))
                perform(drainActions(&calls[item.call]), call: item.call)
            }
            #expect(completes == Array(repeating: 1, count: callCount))
            #expect(finishes == Array(repeating: 1, count: callCount))
            #expect(pool.activeCount == 0)
            #expect(pool.queueCount == 0)
            #expect(command.fallbackPermitsInUse == 0)
            pool.checkInvariants()
        }
    }
}
