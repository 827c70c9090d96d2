import SimulationPrimitives

// The purchase (Compra) step machines. Ownership of seats changes only through one atomic
// conditional update on the showtime's inventory document (reference §4.2, F16); purchase state
// changes only through a conditional update on the purchase's state and version. A payment or
// confirm that finds its hold gone takes the refund path (reference §4.2 race 5).
//
// Stages shared by every purchase command:
//   0  → find the purchase (idempotency / ownership / state)
//   1  ← purchase found: decide
//   T1 ← purchase state transition applied (or lost a race → re-read at 1)
//   T2 ← seats released: done
extension CommandHandler {
    static let stageTransitioned = 20
    static let stageReleased = 21
    static let maxReReads = 8

    mutating func purchaseStep(_ last: StoreResult?, now: SimTime) -> Step {
        switch command {
        case .holdSeats(let id, let showtime, let requested):
            return holdStep(last, now: now, id: id, showtime: showtime, requested: requested)
        case .payPurchase(let id, let reference):
            return payOrConfirmStep(last, now: now, id: id, paymentReference: reference)
        case .confirmPurchase(let id):
            return payOrConfirmStep(last, now: now, id: id, paymentReference: nil)
        case .releaseHold(let id), .cancelPurchase(let id), .expireHold(let id):
            return endStep(last, now: now, id: id)
        default:
            preconditionFailure("not a purchase command")
        }
    }

    // MARK: hold

    mutating func holdStep(_ last: StoreResult?, now: SimTime, id: PurchaseID, showtime: ShowtimeID, requested: [UInt16]) -> Step {
        switch stage {
        case 0:
            guard actor.roles.contains(.customer) else { return finish(.failure(.forbidden(.missingRole))) }
            if requested.isEmpty { return finish(.failure(.invalid(.noSeats))) }
            if requested.count > config.maxSeatsPerPurchase { return finish(.failure(.invalid(.tooManySeats))) }
            seats = requested.sorted()
            for i in 1..<max(1, seats.count) where seats[i] == seats[i - 1] { return finish(.failure(.invalid(.duplicateSeat))) }
            stage = 1
            return .store(Self.find(.purchases, id.rawValue))
        case 1:
            guard case .found(let doc) = last else { return unexpected(last) }
            if case .purchase(let existing)? = doc { return replayHold(existing) }
            stage = 2
            return .store(Self.find(.seatInventories, showtime.rawValue))
        case 2:
            guard case .found(let doc) = last else { return unexpected(last) }
            guard case .seatInventory(let inv)? = doc else { return finish(.failure(.notFound(.funcion, id: showtime.rawValue))) }
            if let error = Self.diagnose(inv, seats: seats, hold: id, now: now) { return finish(.failure(error)) }
            amountCents = inv.priceCents(of: seats)
            holdExpiresAt = now + config.holdTTL
            let condition: UpdateCondition = config.holdStrategy == .atomicConditional ? .seatsClaimable(seats, by: id) : .none
            stage = 3
            return .store(.update(.seatInventories, key: showtime.rawValue, shardKeyValue: showtime.rawValue,
                                  condition: condition, mutation: .holdSeats(seats, holdId: id, expiresAt: holdExpiresAt)))
        case 3:
            guard case .updated(let matched, _, let doc) = last else { return unexpected(last) }
            if matched == 0 {
                stage = 5
                return .store(Self.find(.seatInventories, showtime.rawValue))
            }
            guard case .seatInventory(let inv)? = doc else { return unexpected(last) }
            let p = Purchase(id: id, customerId: actor.userId, showtimeId: showtime, cinemaId: inv.cinemaId, seats: seats,
                             amountCents: amountCents, holdExpiresAt: holdExpiresAt, createdAt: now)
            purchase = p
            stage = 4
            return .store(.insert(.purchase(p)))
        case 4:
            switch last {
            case .inserted?:
                var p = purchase!
                p.version = 1
                return finish(.success(.purchase(p, status: 201)), events: [
                    .seatsHeld(showtime: showtime, purchase: id, seats: seats, expiresAt: holdExpiresAt), .purchaseSaved(p),
                ])
            case .duplicateKey?:
                stage = 6
                return .store(Self.find(.purchases, id.rawValue))
            default:
                return unexpected(last)
            }
        case 5:
            guard case .found(let doc) = last else { return unexpected(last) }
            guard case .seatInventory(let inv)? = doc else { return finish(.failure(.notFound(.funcion, id: showtime.rawValue))) }
            return finish(.failure(Self.diagnose(inv, seats: seats, hold: id, now: now) ?? .seatTaken(showtime: showtime, seat: seats[0])))
        case 6:
            guard case .found(let doc) = last, case .purchase(let existing)? = doc else { return unexpected(last) }
            return replayHold(existing)
        default:
            return unexpected(last)
        }
    }

    /// A hold with an id that already exists: the original answer if it is this customer's
    /// (idempotent retry or duplicate delivery), a conflict otherwise.
    mutating func replayHold(_ existing: Purchase) -> Step {
        guard existing.customerId == actor.userId else { return finish(.failure(.conflict(.duplicateKey))) }
        return finish(.success(.purchase(existing, replayed: true)))
    }

    /// The error a hold of `seats` on `inv` meets at `now`, or nil if it can proceed.
    static func diagnose(_ inv: SeatInventory, seats: [UInt16], hold: PurchaseID, now: SimTime) -> DomainError? {
        if inv.cancelled || now >= inv.startsAt { return .conflict(.showtimeNotOnSale) }
        for s in seats where !inv.isSellable(s) { return .invalid(.seatNotInLayout) }
        for s in seats where !inv.isClaimable(s, now: now) && !inv.isHeld(s, by: hold, now: now) {
            return .seatTaken(showtime: inv.showtimeId, seat: s)
        }
        return nil
    }

    // MARK: pay and confirm

    mutating func payOrConfirmStep(_ last: StoreResult?, now: SimTime, id: PurchaseID, paymentReference: Int64?) -> Step {
        switch stage {
        case 0:
            stage = 1
            return .store(Self.find(.purchases, id.rawValue))
        case 1:
            guard case .found(let doc) = last else { return unexpected(last) }
            guard case .purchase(let p)? = doc else { return finish(.failure(.notFound(.compra, id: id.rawValue))) }
            guard p.customerId == actor.userId else { return finish(.failure(.forbidden(.notPurchaseOwner))) }
            purchase = p
            if let reference = paymentReference {
                switch p.state {
                case .paid, .confirmed: return finish(.success(.purchase(p, replayed: true)))
                case .refunded: return finish(.failure(.holdExpired(id)))
                case .held where p.holdExpiresAt > now:
                    stage = 2
                    return .store(transition(p, to: .paid, paymentReference: reference))
                case .held, .released, .expired, .cancelled:
                    // The payment arrived after the hold was gone: refund it (reference §4.2 race 5).
                    refundPath = true
                    stage = Self.stageTransitioned
                    return .store(transition(p, to: .refunded, paymentReference: reference))
                }
            }
            switch p.state {
            case .confirmed: return finish(.success(.purchase(p, replayed: true)))
            case .held, .released, .cancelled: return finish(.failure(.conflict(.purchaseState)))
            case .expired, .refunded: return finish(.failure(.holdExpired(id)))
            case .paid where p.holdExpiresAt <= now:
                refundPath = true
                stage = Self.stageTransitioned
                return .store(transition(p, to: .refunded, paymentReference: 0))
            case .paid:
                let condition: UpdateCondition = config.holdStrategy == .atomicConditional ? .seatsHeldOrSoldTo(p.seats, id) : .none
                stage = 3
                return .store(.update(.seatInventories, key: p.showtimeId.rawValue, shardKeyValue: p.showtimeId.rawValue,
                                      condition: condition, mutation: .sellSeats(p.seats, holdId: id)))
            }
        case 2: // pay applied?
            guard case .updated(let matched, _, let doc) = last else { return unexpected(last) }
            guard matched == 1, case .purchase(let p)? = doc else { return reRead(id) }
            return finish(.success(.purchase(p)), events: [.purchaseSaved(p)])
        case 3: // seats sold?
            guard case .updated(let matched, _, _) = last else { return unexpected(last) }
            let p = purchase!
            if matched == 0 {
                // The hold expired at the store (or was taken): refund instead of selling.
                refundPath = true
                stage = Self.stageTransitioned
                return .store(transition(p, to: .refunded, paymentReference: 0))
            }
            stage = 4
            return .store(transition(p, to: .confirmed, paymentReference: 0))
        case 4: // purchase confirmed?
            guard case .updated(let matched, _, let doc) = last else { return unexpected(last) }
            guard matched == 1, case .purchase(let p)? = doc else { return reRead(id) }
            return finish(.success(.purchase(p)), events: [
                .seatsSold(showtime: p.showtimeId, purchase: id, seats: p.seats), .purchaseSaved(p),
            ])
        case Self.stageTransitioned, Self.stageReleased:
            return transitionThenRelease(last, id: id)
        default:
            return unexpected(last)
        }
    }

    // MARK: release, cancel, expire

    mutating func endStep(_ last: StoreResult?, now: SimTime, id: PurchaseID) -> Step {
        switch stage {
        case 0:
            stage = 1
            return .store(Self.find(.purchases, id.rawValue))
        case 1:
            guard case .found(let doc) = last else { return unexpected(last) }
            guard case .purchase(let p)? = doc else { return finish(.failure(.notFound(.compra, id: id.rawValue))) }
            purchase = p
            let target: PurchaseState?
            switch command {
            case .releaseHold:
                guard p.customerId == actor.userId else { return finish(.failure(.forbidden(.notPurchaseOwner))) }
                switch p.state {
                case .held: target = .released
                case .released, .expired: return finish(.success(.purchase(p, replayed: true)))
                default: return finish(.failure(.conflict(.purchaseState)))
                }
            case .cancelPurchase:
                guard p.customerId == actor.userId || actor.roles.contains(.admin) else {
                    return finish(.failure(.forbidden(.notPurchaseOwner)))
                }
                switch p.state {
                case .held: target = .cancelled
                case .paid, .confirmed: target = .refunded
                case .cancelled, .refunded: return finish(.success(.purchase(p, replayed: true)))
                case .released, .expired: return finish(.failure(.conflict(.purchaseState)))
                }
            default: // expireHold: the platform's sweeper, run at or after the hold's expiry
                switch p.state {
                case .held where p.holdExpiresAt <= now: target = .expired
                case .paid where p.holdExpiresAt <= now: target = .refunded // paid but never confirmed
                default: target = nil
                }
            }
            guard let to = target else { return finish(.success(.purchase(p, replayed: true))) }
            stage = Self.stageTransitioned
            return .store(transition(p, to: to, paymentReference: 0))
        case Self.stageTransitioned, Self.stageReleased:
            return transitionThenRelease(last, id: id)
        default:
            return unexpected(last)
        }
    }

    // MARK: shared

    /// The conditional update moving `p` to `state` if it is still in the state and version read.
    func transition(_ p: Purchase, to state: PurchaseState, paymentReference: Int64) -> StoreOperation {
        .update(.purchases, key: p.id.rawValue, shardKeyValue: p.id.rawValue,
                condition: .purchaseState(p.state, version: p.version),
                mutation: .setPurchaseState(state, paymentReference: paymentReference))
    }

    /// After a terminal transition (released, expired, cancelled, refunded): give the purchase's
    /// seats back (only those it still owns), then finish.
    mutating func transitionThenRelease(_ last: StoreResult?, id: PurchaseID) -> Step {
        if stage == Self.stageTransitioned {
            guard case .updated(let matched, _, let doc) = last else { return unexpected(last) }
            guard matched == 1, case .purchase(let p)? = doc else { return reRead(id) }
            purchase = p
            stage = Self.stageReleased
            return .store(.update(.seatInventories, key: p.showtimeId.rawValue, shardKeyValue: p.showtimeId.rawValue,
                                  condition: .none, mutation: .releaseSeats(p.seats, ownedBy: id)))
        }
        guard case .updated = last else { return unexpected(last) }
        let p = purchase!
        let events: [DomainEvent] = [.purchaseSaved(p), .seatsReleased(showtime: p.showtimeId, purchase: id, seats: p.seats)]
        if refundPath { return finish(.failure(.holdExpired(id)), events: events) }
        return finish(.success(.purchase(p)), events: events)
    }

    /// A conditional purchase update lost a race: read the purchase again and decide afresh
    /// (bounded: every lost race means the purchase moved forward in its state machine).
    mutating func reRead(_ id: PurchaseID) -> Step {
        loops += 1
        if loops > Self.maxReReads { return finish(.failure(.conflict(.versionMismatch))) }
        stage = 1
        refundPath = false
        return .store(Self.find(.purchases, id.rawValue))
    }

    /// A result that does not fit the op asked for: a platform wiring bug, reported as 503.
    mutating func unexpected(_ last: StoreResult?) -> Step {
        assertionFailure("CommandHandler: unexpected store result \(String(describing: last)) at stage \(stage) of \(command)")
        return finish(.failure(.storeUnavailable(.unavailable)))
    }
}
