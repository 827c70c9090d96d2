import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct PurchaseFlowTests {
    let p1 = PurchaseID(5_001)
    let p2 = PurchaseID(5_002)

    @Test func holdPayConfirmSellsTheSeatsAtTierPrices() {
        var w = World()
        // A1 standard (800) + B1 premium (1100) + A4 accessible (priced standard, 28 CFR 36.302(f)).
        let hold = w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [5, 0, 3]), as: Fixture.alice)
        #expect(hold.value?.httpStatus == 201)
        let expectedCents: Int64 = 800 + 1_100 + 800
        #expect(hold.value?.amountCents == expectedCents)
        // seats.io default hold: 15 min (reference §4.1).
        #expect(hold.value?.holdExpiresAt == SimTime.zero + .minutes(15))
        #expect(w.inventory.state[0] == .held && w.inventory.holder[0] == p1.rawValue)
        #expect(w.store.checkInvariants(now: w.now).seatsHeld == 3)
        #expect(w.store.checkInvariants(now: .zero + .minutes(15)).seatsHeld == 0)
        #expect(w.purchase(p1.rawValue)?.seats == [0, 3, 5])

        w.now = w.now + .minutes(2)
        let pay = w.run(.payPurchase(purchaseId: p1, paymentReference: 77), as: Fixture.alice)
        #expect(pay.value?.purchaseState == .paid)
        let confirm = w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice)
        #expect(confirm.value?.purchaseState == .confirmed)
        #expect([0, 3, 5].allSatisfy { w.inventory.isSold($0, to: p1) })
        #expect(w.purchase(p1.rawValue)?.paymentReference == 77)
        #expect(w.inventory.availableCount(now: w.now) == 8 - 3)
        let report = w.store.checkInvariants(quiescent: true)
        #expect(report.holds)
        #expect(report.seatsSold == 3 && report.seatsOffered == 8)
        // Events: SeatsHeld + PurchaseSaved, PurchaseSaved, SeatsSold + PurchaseSaved.
        #expect(w.published.map(\.typeName) == ["SeatsHeld", "PurchaseSaved", "PurchaseSaved", "SeatsSold", "PurchaseSaved"])
    }

    @Test func secondBuyerOfAHeldSeatGets409() {
        var w = World()
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice).isSuccess)
        let r = w.run(.holdSeats(purchaseId: p2, showtimeId: Fixture.showtime, seats: [0, 1]), as: Fixture.bob)
        #expect(r.error == .seatTaken(showtime: Fixture.showtime, seat: 1))
        #expect(r.error?.httpStatus == 409)
        #expect(w.inventory.state[0] == .available) // all-or-nothing: seat 0 not held either
        #expect(w.purchase(p2.rawValue) == nil)
    }

    @Test func retriedHoldReturnsTheOriginalPurchase() {
        var w = World()
        let first = w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        w.now = w.now + .seconds(3)
        let retry = w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        #expect(retry.value?.replayed == true)
        #expect(retry.value?.holdExpiresAt == first.value?.holdExpiresAt)
        #expect(w.store.count(.purchases) == 1)
        // Another customer reusing the key is a conflict, not a replay.
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [4]), as: Fixture.bob).error == .conflict(.duplicateKey))
    }

    @Test func retriedConfirmReturnsTheOriginalResultAndSellsOnce() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        w.run(.payPurchase(purchaseId: p1, paymentReference: 9), as: Fixture.alice)
        let first = w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice)
        let version = w.inventory.version
        let again = w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice)
        #expect(first.value?.purchaseState == .confirmed)
        #expect(again.value?.purchaseState == .confirmed && again.value?.replayed == true)
        #expect(w.inventory.version == version)
        #expect(w.store.checkInvariants(quiescent: true).seatsSold == 1)
    }

    @Test func confirmAfterExpiryIs410AndRefunds() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        w.now = .zero + .minutes(10)
        w.run(.payPurchase(purchaseId: p1, paymentReference: 9), as: Fixture.alice)
        w.now = .zero + .minutes(15) // expiry is exclusive: gone at exactly 15 min
        let r = w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice)
        #expect(r.error == .holdExpired(p1))
        #expect(r.error?.httpStatus == 410)
        #expect(w.purchase(p1.rawValue)?.state == .refunded)
        #expect(w.inventory.state[1] == .available)
        #expect(w.store.checkInvariants(quiescent: true).holds)
    }

    @Test func paymentAfterReleaseTakesTheRefundPath() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        #expect(w.run(.releaseHold(purchaseId: p1), as: Fixture.alice).value?.purchaseState == .released)
        #expect(w.inventory.state[1] == .available)
        let pay = w.run(.payPurchase(purchaseId: p1, paymentReference: 31), as: Fixture.alice)
        #expect(pay.error == .holdExpired(p1))
        let p = w.purchase(p1.rawValue)
        #expect(p?.state == .refunded && p?.paymentReference == 31)
    }

    @Test func expiredHoldIsAvailableBeforeTheSweeperRuns() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.alice)
        w.now = .zero + .minutes(16) // no sweeper has run: the seat is still marked held
        #expect(w.inventory.state[1] == .held)
        #expect(w.inventory.availableCount(now: w.now) == 8)
        let r = w.run(.holdSeats(purchaseId: p2, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.bob)
        #expect(r.isSuccess)
        #expect(w.inventory.holder[1] == p2.rawValue)
        // Alice's late payment is refunded; the sweeper then expires nothing of Bob's.
        #expect(w.run(.payPurchase(purchaseId: p1, paymentReference: 1), as: Fixture.alice).error == .holdExpired(p1))
        #expect(w.inventory.holder[1] == p2.rawValue && w.inventory.state[1] == .held)
    }

    @Test func sweeperExpiresHeldAndRefundsPaidUnconfirmed() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [0]), as: Fixture.alice)
        w.run(.holdSeats(purchaseId: p2, showtimeId: Fixture.showtime, seats: [1]), as: Fixture.bob)
        w.run(.payPurchase(purchaseId: p2, paymentReference: 4), as: Fixture.bob)
        // Before expiry the sweeper changes nothing.
        #expect(w.run(.expireHold(purchaseId: p1), as: Fixture.admin).value?.replayed == true)
        w.now = .zero + .minutes(15)
        #expect(w.run(.expireHold(purchaseId: p1), as: Fixture.admin).value?.purchaseState == .expired)
        #expect(w.run(.expireHold(purchaseId: p2), as: Fixture.admin).value?.purchaseState == .refunded)
        #expect(w.inventory.state[0] == .available && w.inventory.state[1] == .available)
        #expect(w.store.checkInvariants(quiescent: true).holds)
    }

    @Test func cancelAfterConfirmRefundsAndReturnsSeats() {
        var w = World()
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [8, 9]), as: Fixture.alice)
        w.run(.payPurchase(purchaseId: p1, paymentReference: 2), as: Fixture.alice)
        w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice)
        #expect(w.run(.cancelPurchase(purchaseId: p1), as: Fixture.bob).error == .forbidden(.notPurchaseOwner))
        #expect(w.run(.cancelPurchase(purchaseId: p1), as: Fixture.alice).value?.purchaseState == .refunded)
        #expect(w.inventory.state[8] == .available && w.inventory.state[9] == .available)
        // Cancelling a hold before payment is `cancelled`, not refunded.
        w.run(.holdSeats(purchaseId: p2, showtimeId: Fixture.showtime, seats: [8]), as: Fixture.bob)
        #expect(w.run(.cancelPurchase(purchaseId: p2), as: Fixture.admin).value?.purchaseState == .cancelled)
    }

    @Test func everyErrorStatusOfThePurchaseCommands() {
        var w = World()
        // 422: gap, duplicate, none, too many.
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [2]), as: Fixture.alice).error == .invalid(.seatNotInLayout))
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [40]), as: Fixture.alice).error == .invalid(.seatNotInLayout))
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [1, 1]), as: Fixture.alice).error == .invalid(.duplicateSeat))
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: []), as: Fixture.alice).error?.httpStatus == 422)
        w.config.maxSeatsPerPurchase = 2
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [0, 1, 3]), as: Fixture.alice).error == .invalid(.tooManySeats))
        // 404: unknown showtime and purchase.
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: ShowtimeID(999), seats: [0]), as: Fixture.alice).error == .notFound(.funcion, id: 999))
        #expect(w.run(.confirmPurchase(purchaseId: PurchaseID(404)), as: Fixture.alice).error?.httpStatus == 404)
        // 403: only customers hold; only the owner pays and confirms.
        #expect(w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [0]), as: Fixture.manager).error == .forbidden(.missingRole))
        w.run(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [0]), as: Fixture.alice)
        #expect(w.run(.payPurchase(purchaseId: p1, paymentReference: 1), as: Fixture.bob).error?.httpStatus == 403)
        #expect(w.run(.confirmPurchase(purchaseId: p1), as: Fixture.bob).error?.httpStatus == 403)
        // 409: confirm before paying.
        #expect(w.run(.confirmPurchase(purchaseId: p1), as: Fixture.alice).error == .conflict(.purchaseState))
        // 409: the showtime has started.
        w.now = Fixture.start
        #expect(w.run(.holdSeats(purchaseId: p2, showtimeId: Fixture.showtime, seats: [4]), as: Fixture.bob).error == .conflict(.showtimeNotOnSale))
    }

    @Test func storeFailureEndsTheCommandWith503() {
        var h = CommandHandler(.confirmPurchase(purchaseId: p1), actor: Fixture.alice)
        guard case .store = h.next(lastResult: nil, now: .zero) else { Issue.record("expected a store step"); return }
        guard case .done(let r, let events) = h.next(lastResult: .failed(.notWritablePrimary), now: .zero) else {
            Issue.record("expected done"); return
        }
        #expect(r.error == .storeUnavailable(.notWritablePrimary) && r.error?.httpStatus == 503)
        #expect(r.error.map { "\($0.code)" } == "store_unavailable")
        #expect(events.isEmpty)
    }

    @Test func holdIsFourStepsAndConfirmThree() {
        // The step counts are the store round trips the platform charges latency for.
        var w = World()
        var h = CommandHandler(.holdSeats(purchaseId: p1, showtimeId: Fixture.showtime, seats: [0]), actor: Fixture.alice)
        var step = h.next(lastResult: nil, now: w.now)
        var ops: [StoreOperation] = []
        while case .store(let op) = step { ops.append(op); step = h.next(lastResult: w.store.apply(op, now: w.now), now: w.now) }
        #expect(ops.map(\.collection) == [.purchases, .seatInventories, .seatInventories, .purchases])
        #expect(ops.map(\.isWrite) == [false, false, true, true])
        #expect(ops.map { "\($0.commandName)" } == ["find", "find", "findAndModify", "insert"])
        #expect(ops[2].shardKeyValue == Fixture.showtime.rawValue) // targeted on the showtime's shard
        w.run(.payPurchase(purchaseId: p1, paymentReference: 1), as: Fixture.alice)
        var c = CommandHandler(.confirmPurchase(purchaseId: p1), actor: Fixture.alice)
        step = c.next(lastResult: nil, now: w.now)
        while case .store(let op) = step { step = c.next(lastResult: w.store.apply(op, now: w.now), now: w.now) }
        #expect(c.storeOperationCount == 3)
    }
}
