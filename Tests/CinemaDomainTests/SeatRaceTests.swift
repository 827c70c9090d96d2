import Testing
import SimulationPrimitives
@testable import CinemaDomain

/// Races between interleaved handlers (DESIGN §10; case F16).
@Suite struct SeatRaceTests {
    let a = PurchaseID(7_001)
    let b = PurchaseID(7_002)

    /// Both buyers read the inventory before either writes: the window F16 describes.
    func interleaveHolds(strategy: HoldStrategy, seats: [UInt16]) -> Interleaving {
        var world = World()
        world.config.holdStrategy = strategy
        var run = Interleaving(world: world)
        let ia = run.start(.holdSeats(purchaseId: a, showtimeId: Fixture.showtime, seats: seats), as: Fixture.alice)
        let ib = run.start(.holdSeats(purchaseId: b, showtimeId: Fixture.showtime, seats: seats), as: Fixture.bob)
        run.step(ia); run.step(ib) // idempotency reads
        run.step(ia); run.step(ib) // inventory reads: both see the seats free
        run.finish(ia); run.finish(ib)
        return run
    }

    func payAndConfirm(_ run: inout Interleaving, _ id: PurchaseID, _ actor: Actor) -> Result<CommandResponse, DomainError> {
        let p = run.start(.payPurchase(purchaseId: id, paymentReference: id.rawValue), as: actor)
        run.finish(p)
        let c = run.start(.confirmPurchase(purchaseId: id), as: actor)
        run.finish(c)
        return run.result(c)!
    }

    @Test func atomicHoldLetsExactlyOneBuyerWin() {
        var run = interleaveHolds(strategy: .atomicConditional, seats: [0, 1])
        #expect(run.result(0)?.value?.httpStatus == 201)
        #expect(run.result(1)?.error == .seatTaken(showtime: Fixture.showtime, seat: 0))
        #expect(payAndConfirm(&run, a, Fixture.alice).value?.purchaseState == .confirmed)
        let report = run.world.store.checkInvariants(quiescent: true)
        #expect(report.holds && report.oversold == 0 && report.seatsSold == 2)
    }

    @Test func naiveReadThenWriteOversellsAndTheCheckerCatchesIt() {
        // F16: both buyers see the seats free, both holds "succeed", both confirms succeed.
        var run = interleaveHolds(strategy: .naiveReadThenWrite, seats: [0, 1])
        #expect(run.result(0)?.isSuccess == true)
        #expect(run.result(1)?.isSuccess == true)
        #expect(payAndConfirm(&run, a, Fixture.alice).value?.purchaseState == .confirmed)
        #expect(payAndConfirm(&run, b, Fixture.bob).value?.purchaseState == .confirmed)
        let report = run.world.store.checkInvariants(quiescent: true)
        #expect(report.oversold == 2) // seats 0 and 1 each confirmed to two purchases
        #expect(report.violations.filter { $0.kind == .seatConfirmedTwice }.map(\.seat) == [0, 1])
        // Alice's acknowledged confirm was overwritten in the inventory by Bob's.
        #expect(report.violations.contains { $0.kind == .confirmedSeatNotSold && $0.purchase == a })
    }

    @Test func naiveStrategyPushesSoldAboveCapacity() {
        // Attendize #473: two seats left, two buyers order both at the same moment.
        var world = World()
        world.config.holdStrategy = .naiveReadThenWrite
        let buyers = (0..<6).map { PurchaseID(8_000 + Int64($0)) }
        for (k, seat) in [UInt16(0), 1, 3, 4, 5, 6].enumerated() {
            world.run(.holdSeats(purchaseId: buyers[k], showtimeId: Fixture.showtime, seats: [seat]), as: Fixture.alice)
            world.run(.payPurchase(purchaseId: buyers[k], paymentReference: 1), as: Fixture.alice)
            world.run(.confirmPurchase(purchaseId: buyers[k]), as: Fixture.alice)
        }
        var run = Interleaving(world: world)
        let ia = run.start(.holdSeats(purchaseId: a, showtimeId: Fixture.showtime, seats: [8, 9]), as: Fixture.alice)
        let ib = run.start(.holdSeats(purchaseId: b, showtimeId: Fixture.showtime, seats: [8, 9]), as: Fixture.bob)
        run.step(ia); run.step(ib); run.step(ia); run.step(ib)
        run.finish(ia); run.finish(ib)
        _ = payAndConfirm(&run, a, Fixture.alice)
        _ = payAndConfirm(&run, b, Fixture.bob)
        let report = run.world.store.checkInvariants()
        #expect(report.seatsConfirmed == 10 && report.seatsOffered == 8)
        #expect(report.violations.contains { $0.kind == .soldExceedsCapacity })
    }

    @Test func concurrentDuplicateConfirmsSellOnceAndBothAnswerConfirmed() {
        var world = World()
        world.run(.holdSeats(purchaseId: a, showtimeId: Fixture.showtime, seats: [3, 4]), as: Fixture.alice)
        world.run(.payPurchase(purchaseId: a, paymentReference: 5), as: Fixture.alice)
        var run = Interleaving(world: world)
        let c1 = run.start(.confirmPurchase(purchaseId: a), as: Fixture.alice)
        let c2 = run.start(.confirmPurchase(purchaseId: a), as: Fixture.alice) // duplicate delivery
        run.step(c1); run.step(c2); run.step(c1); run.step(c2)
        run.finish(c1); run.finish(c2)
        #expect(run.result(c1)?.value?.purchaseState == .confirmed)
        #expect(run.result(c2)?.value?.purchaseState == .confirmed)
        let report = run.world.store.checkInvariants(quiescent: true)
        #expect(report.holds && report.seatsSold == 2 && report.confirmedPurchases == 1)
    }

    @Test func confirmRacingTheSweeperNeverLeavesAPaidOrphan() {
        // Confirm reads the purchase before expiry; the sweeper fires at expiry and refunds it
        // between the confirm's sale and its purchase update. Whoever loses answers accordingly,
        // and the store ends consistent.
        var world = World()
        world.run(.holdSeats(purchaseId: a, showtimeId: Fixture.showtime, seats: [0]), as: Fixture.alice)
        world.run(.payPurchase(purchaseId: a, paymentReference: 5), as: Fixture.alice)
        world.now = .zero + .minutes(15) - .milliseconds(1)
        var run = Interleaving(world: world)
        let c = run.start(.confirmPurchase(purchaseId: a), as: Fixture.alice)
        run.step(c) // read purchase (paid, unexpired)
        run.step(c) // sell seat (hold still valid)
        run.world.now = .zero + .minutes(15)
        let s = run.start(.expireHold(purchaseId: a), as: Fixture.admin)
        run.step(s) // sweeper reads purchase: paid and expired
        run.finish(c) // confirm updates the purchase first
        run.finish(s) // sweeper's refund loses the version race: it re-reads and sees confirmed
        #expect(run.result(c)?.value?.purchaseState == .confirmed)
        #expect(run.result(s)?.value?.replayed == true)
        #expect(run.world.store.checkInvariants(quiescent: true).holds)
    }
}

@Suite struct DuplicateHoldTests {
    @Test func duplicateHoldDeliveryKeepsTheOriginalExpiry() {
        var world = World()
        let p = PurchaseID(42)
        var run = Interleaving(world: world)
        let first = run.start(.holdSeats(purchaseId: p, showtimeId: Fixture.showtime, seats: [0]), as: Fixture.alice)
        run.finish(first)
        run.world.now = .zero + .seconds(30)
        // A duplicate that passed the idempotency read before the purchase was inserted.
        var dup = CommandHandler(.holdSeats(purchaseId: p, showtimeId: Fixture.showtime, seats: [0]), actor: Fixture.alice)
        guard case .store(let op1) = dup.next(lastResult: nil, now: run.world.now) else { Issue.record("expected a read"); return }
        _ = op1
        guard case .store(let op2) = dup.next(lastResult: .found(nil), now: run.world.now) else { Issue.record("expected a read"); return }
        var step = dup.next(lastResult: run.world.store.apply(op2, now: run.world.now), now: run.world.now)
        while case .store(let op) = step { step = dup.next(lastResult: run.world.store.apply(op, now: run.world.now), now: run.world.now) }
        guard case .done(let r, let events) = step else { Issue.record("expected done"); return }
        #expect(r.value?.replayed == true && events.isEmpty)
        world = run.world
        #expect(world.inventory.holdExpiresAt[0] == (SimTime.zero + .minutes(15)).nanosecondsSinceStart)
        #expect(world.purchase(42)?.holdExpiresAt == .zero + .minutes(15))
    }
}
