import Testing
import PropertyBased
import SimulationPrimitives
@testable import LoadBalancing

/// The inline six-slot action queue against the simplest FIFO (an `Array`): random pushes and pops
/// (never more than six held, the queue's documented bound) give the same actions in the same order.
@Suite struct ClientCallActionQueueTests {
    /// A varied action from a draw (every case, with payloads that differ).
    static func action(_ rng: inout RandomStream) -> ClientCallAction {
        let n = rng.nextInt(below: 1_000)
        switch rng.nextInt(below: 11) {
        case 0: return .scheduleHystrixTimeout(at: .zero + .milliseconds(Int64(n)))
        case 1: return .chooseServer(attempt: n, previous: rng.nextBool(probability: 0.5) ? nil : n + 1)
        case 2: return .connect(attempt: n, server: n * 3, connectDeadline: .zero + .milliseconds(Int64(n)))
        case 3: return .awaitResponse(attempt: n, server: n + 7, readDeadline: .zero + .seconds(Int64(n)))
        case 4: return .cancelAttempt(attempt: n, server: 2, duration: .milliseconds(Int64(n)))
        case 5: return .attemptEnded(attempt: n, server: 1, result: rng.nextBool(probability: 0.5) ? .response(status: 200 + n) : .readTimedOut,
                                     duration: .nanoseconds(Int64(n)))
        case 6: return .runFallback(cause: .timeout)
        case 7: return .complete(ClientCallOutcome(event: .success, fallback: rng.nextBool(probability: 0.5) ? nil : .missing,
                                                   status: n, server: rng.nextBool(probability: 0.5) ? nil : n, attempts: n % 9))
        case 8: return .startQueuedCall(callID: n)
        case 9: return .finished
        default: return .chooseServer(attempt: -n, previous: nil)
        }
    }

    @Test func behavesLikeAnArrayFIFO() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var rng = RandomStream(seed: UInt64(seed))
            var queue = ClientCallActionQueue()
            var reference: [ClientCallAction] = []
            for _ in 0..<400 {
                if reference.count < 6 && (reference.isEmpty || rng.nextBool(probability: 0.55)) {
                    let action = Self.action(&rng)
                    queue.push(action)
                    reference.append(action)
                } else {
                    #expect(queue.pop() == reference.removeFirst())
                }
                #expect(queue.count == reference.count)
            }
            while let expected = reference.first {
                reference.removeFirst()
                #expect(queue.pop() == expected)
            }
            #expect(queue.pop() == nil)
        }
    }

    /// Pops on an empty queue answer nil and leave it usable (the stack polls until nil).
    @Test func emptyQueueAnswersNil() {
        var queue = ClientCallActionQueue()
        #expect(queue.pop() == nil)
        queue.push(.finished)
        queue.push(.startQueuedCall(callID: 4))
        #expect(queue.pop() == .finished)
        #expect(queue.pop() == .startQueuedCall(callID: 4))
        #expect(queue.pop() == nil)
        #expect(queue.count == 0)
    }
}
