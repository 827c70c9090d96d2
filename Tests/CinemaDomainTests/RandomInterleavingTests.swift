import Testing
import PropertyBased
import SimulationPrimitives
@testable import CinemaDomain

/// Random interleavings of holds, payments, confirms, releases, expiries, retries and duplicate
/// deliveries by several customers over the same few seats (issue 4 "Done when").
struct RandomSale {
    struct Agent {
        var actor: Actor
        var purchases: [PurchaseID]
        var next = 0          // index into purchases
        var phase = 0         // 0 hold, 1 pay, 2 confirm, 3 done with this purchase
        var busy = false
    }

    var run: Interleaving
    var rng: RandomStream
    var agents: [Agent] = []
    var owner: [Int] = []                  // handler index → agent index (-1: sweeper/duplicate)
    var kind: [Int] = []                   // handler index → phase it ran
    var acknowledgedConfirms: [PurchaseID] = []
    var issued: [PurchaseID] = []

    init(seed: UInt64, strategy: HoldStrategy) {
        var world = World()
        world.config.holdStrategy = strategy
        world.config.holdTTL = .seconds(60)
        run = Interleaving(world: world)
        rng = RandomStream(seed: seed)
        for c in 0..<6 {
            let actor = Actor(userId: UserID(100 + Int64(c)), roles: [.customer])
            agents.append(Agent(actor: actor, purchases: [PurchaseID(Int64(c) * 10 + 1), PurchaseID(Int64(c) * 10 + 2)]))
        }
    }

    mutating func launch(_ command: Command, as actor: Actor, agent: Int, phase: Int) {
        run.start(command, as: actor)
        owner.append(agent)
        kind.append(phase)
    }

    /// Starts the agent's next command (and sometimes a duplicate delivery of it).
    mutating func act(_ i: Int) {
        var a = agents[i]
        guard a.next < a.purchases.count else { return }
        let p = a.purchases[a.next]
        let command: Command
        switch a.phase {
        case 0:
            // Contention: every seat is one of the three front seats (0, 1, 3).
            let pool: [UInt16] = [0, 1, 3]
            let first = pool[rng.nextInt(below: 3)]
            var seats = [first]
            if rng.nextBool(probability: 0.3) { let second = pool[rng.nextInt(below: 3)]; if second != first { seats.append(second) } }
            command = .holdSeats(purchaseId: p, showtimeId: Fixture.showtime, seats: seats)
            issued.append(p)
        case 1:
            command = rng.nextBool(probability: 0.1) ? .releaseHold(purchaseId: p) : .payPurchase(purchaseId: p, paymentReference: p.rawValue)
        default:
            command = .confirmPurchase(purchaseId: p)
        }
        a.busy = true
        agents[i] = a
        launch(command, as: a.actor, agent: i, phase: a.phase)
        if rng.nextBool(probability: 0.2) { launch(command, as: a.actor, agent: -1, phase: a.phase) } // duplicate delivery
    }

    /// Reacts to handler h finishing.
    mutating func finished(_ h: Int) {
        guard let result = run.result(h) else { return }
        if kind[h] == 2, case .success(let r) = result, r.purchaseState == .confirmed {
            let p = PurchaseID(r.resourceId)
            if !acknowledgedConfirms.contains(p) { acknowledgedConfirms.append(p) }
        }
        let i = owner[h]
        guard i >= 0 else { return }
        var a = agents[i]
        a.busy = false
        switch result {
        case .success(let r) where r.purchaseState == .held: a.phase = 1
        case .success(let r) where r.purchaseState == .paid: a.phase = 2
        case .success(let r) where r.purchaseState == .confirmed && rng.nextBool(probability: 0.3):
            a.phase = 2 // client retries the confirm after its answer was lost
        default:
            a.phase = 0; a.next += 1
        }
        agents[i] = a
    }

    /// Runs until every agent is done; returns the number of scheduler ticks.
    mutating func play() -> Int {
        var ticks = 0
        for i in agents.indices { act(i) }
        while ticks < 20_000 {
            ticks += 1
            let running = run.handlers.indices.filter { run.isRunning($0) }
            if running.isEmpty && !agents.contains(where: { $0.next < $0.purchases.count }) { break }
            if rng.nextBool(probability: 0.25) { run.world.now = run.world.now + .seconds(Int64(rng.nextInt(below: 15))) }
            if rng.nextBool(probability: 0.05), !issued.isEmpty {
                launch(.expireHold(purchaseId: issued[rng.nextInt(below: issued.count)]), as: Fixture.admin, agent: -1, phase: 9)
            }
            if !running.isEmpty {
                let h = running[rng.nextInt(below: running.count)]
                run.step(h)
                if !run.isRunning(h) { finished(h) }
            }
            for i in agents.indices where !agents[i].busy { act(i) }
        }
        // Quiesce: let every hold expire and sweep them all.
        run.world.now = run.world.now + .minutes(5)
        for p in issued {
            let h = run.start(.expireHold(purchaseId: p), as: Fixture.admin)
            run.finish(h)
        }
        return ticks
    }
}

@Suite struct RandomInterleavingTests {
    @Test func atomicStrategyNeverOversellsNorLosesAnAcknowledgedConfirm() async {
        await propertyCheck(count: 60, input: Gen.uint64()) { seed in
            var sale = RandomSale(seed: seed, strategy: .atomicConditional)
            _ = sale.play()
            let report = sale.run.world.store.checkInvariants(quiescent: true)
            #expect(report.violations == [], "seed \(seed)")
            for p in sale.acknowledgedConfirms {
                let purchase = sale.run.world.purchase(p.rawValue)
                #expect(purchase?.state == .confirmed, "seed \(seed): acknowledged confirm of \(p) lost")
                #expect(purchase.map { $0.seats.allSatisfy { sale.run.world.inventory.isSold($0, to: p) } } == true)
            }
        }
    }

    @Test func checkerCatchesTheNaiveStrategyUnderRandomInterleavings() {
        var caught = 0
        for seed in UInt64(1)...40 {
            var sale = RandomSale(seed: seed, strategy: .naiveReadThenWrite)
            _ = sale.play()
            if !sale.run.world.store.checkInvariants(quiescent: true).holds { caught += 1 }
        }
        // Not every schedule races, but with six buyers on three seats many do.
        #expect(caught > 0)
    }

    @Test func sameSeedSameOutcome() {
        var one = RandomSale(seed: 99, strategy: .atomicConditional)
        var two = RandomSale(seed: 99, strategy: .atomicConditional)
        #expect(one.play() == two.play())
        #expect(one.run.world.published == two.run.world.published)
        #expect(one.acknowledgedConfirms == two.acknowledgedConfirms)
    }
}
