import Testing
import PropertyBased
import LoadBalancing
import Resilience
import SimulationPrimitives

/// Random network behaviour against the call stack: attempts never exceed Ribbon's bound, the
/// caller is answered exactly once, `.finished` is emitted exactly once and last, and every
/// isolation permit is released.
@Suite struct ClientCallStackPropertyTests {
    @Test func callStackInvariants() async {
        await propertyCheck(count: 80, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var config = ClientCallConfiguration.defaults(.springCloud)
            config.ribbon.maxAutoRetries = rng.nextInt(below: 3)
            config.ribbon.maxAutoRetriesNextServer = rng.nextInt(below: 3)
            config.hystrixTimeoutBehaviour = [.continueAttempts, .finishCurrentAttemptOnly, .cancelAttempts][rng.nextInt(below: 3)]
            let command = try! semaphoreCommand(timeoutMs: Int64(500 + rng.nextInt(below: 5_000)), hasFallback: rng.nextBool(probability: 0.5))
            var call = ClientCallStack(configuration: config, command: command, callID: 1, idempotent: rng.nextBool(probability: 0.7))
            call.start(at: msAt(0))
            var completes = 0, finishes = 0, connects = 0
            var timers: [(Int64, ClientCallEvent)] = []  // pending platform events
            if rng.nextBool(probability: 0.2) { timers.append((Int64(rng.nextInt(below: 8_000)), .callerCancelled)) }
            var t: Int64 = 0
            var pending = drainActions(&call)
            var steps = 0
            while steps < 1_000 {
                steps += 1
                for action in pending {
                    #expect(finishes == 0, "nothing after .finished")
                    switch action {
                    case let .scheduleHystrixTimeout(deadline): timers.append((deadline.nanosecondsSinceStart / 1_000_000, .hystrixTimedOut))
                    case .chooseServer: timers.append((t, .serverChosen(rng.nextBool(probability: 0.05) ? nil : rng.nextInt(below: 4))))
                    case let .connect(attempt, _, deadline):
                        connects += 1
                        switch rng.nextInt(below: 3) {
                        case 0: timers.append((t + Int64(rng.nextInt(below: 20)), .connected(attempt: attempt)))
                        case 1: timers.append((t + 1, .connectFailed(attempt: attempt, .refused)))
                        default: timers.append((deadline.nanosecondsSinceStart / 1_000_000, .connectFailed(attempt: attempt, .timedOut)))
                        }
                    case let .awaitResponse(attempt, _, deadline):
                        if rng.nextBool(probability: 0.5) {
                            timers.append((t + Int64(rng.nextInt(below: 1_500)), .responseReceived(attempt: attempt, status: [200, 503, 404][rng.nextInt(below: 3)])))
                        }
                        timers.append((deadline.nanosecondsSinceStart / 1_000_000, .readTimedOut(attempt: attempt)))
                    case .runFallback: timers.append((t + 1, .fallbackFinished(success: rng.nextBool(probability: 0.8))))
                    case .complete: completes += 1
                    case .finished: finishes += 1
                    case .cancelAttempt, .attemptEnded, .startQueuedCall: break
                    }
                }
                guard !timers.isEmpty else { break }
                // Deliver the earliest pending event (stable on ties).
                var best = 0
                for i in timers.indices where timers[i].0 < timers[best].0 { best = i }
                let (time, event) = timers.remove(at: best)
                t = max(t, time)
                call.handle(event, at: msAt(t))
                pending = drainActions(&call)
            }
            #expect(connects <= config.ribbon.maxAttempts)
            #expect(call.attempts <= config.ribbon.maxAttempts)
            #expect(completes == 1)
            #expect(finishes == 1)
            #expect(call.isFinished)
            #expect(command.executionPermitsInUse == 0)
            #expect(command.fallbackPermitsInUse == 0)
        }
    }
}
