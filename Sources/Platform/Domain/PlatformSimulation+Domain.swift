import SimulationPrimitives
import SimulationKernel
import Scenarios
import CinemaDomain

/// `CinemaDomain` wiring: the generated catalogue in the document store, the query side's read
/// model fed by domain events after the projection lag, command handlers driven step by step
/// (each store operation a trip through mongos to the shard's primary), hold expiry sweeps and the
/// sale invariants.
extension PlatformSimulation {
    /// Projection lag between a command's events and the query side (eventual consistency, DESIGN §3.7):
    /// an event bus hop plus the projector's write, ~50 ms.
    static let projectionLag = SimDuration.milliseconds(50)
    /// The hold-expiry sweeper runs this long after a hold's expiry at worst.
    static let sweeperLag = SimDuration.seconds(5)

    func catalogueSizes() -> CatalogueSizes {
        let c = scenario.catalog
        return CatalogueSizes(chains: 1, cinemasPerChain: c.cines, auditoriumsPerCinema: c.salasPerCine, rows: c.rowsPerSala...c.rowsPerSala,
                              seatsPerRow: c.seatsPerRow...c.seatsPerRow, movies: c.peliculas, showtimesPerAuditoriumPerDay: c.funcionesPerSala,
                              days: 1, customers: c.clientes, managersPerCinema: 1)
    }

    /// Generates the chain from the seed and loads the store and the read model.
    func bootstrapDomain() {
        let catalogue = CatalogueGenerator.generate(sizes: catalogueSizes(), seed: scenario.seed)
        documentStore.load(catalogue.documents)
        readModel.apply(contentsOf: catalogue.events)   // day caches built once, at the end
        for document in catalogue.documents {
            if case .showtime(let showtime) = document { showtimes.append((showtime.id, showtime.cinemaId, showtime.auditoriumId)) }
        }
        showtimes.sort { $0.id < $1.id }
        catalogueIDs = catalogue
        catalogueIDs.documents = []   // ids only; the documents live in the store
        catalogueIDs.events = []
        nextEntityID = max(catalogue.nextFreeId, 1) + 1_000_000
        domainConfig = DomainConfig(holdStrategy: scenario.topology.store.holdStrategy == .atomic ? .atomicConditional : .naiveReadThenWrite)
        let report = documentStore.checkInvariants(quiescent: true)
        seatsOfferedAtStart = report.seatsOffered
    }

    func freshID() -> Int64 { nextEntityID += 1; return nextEntityID }

    // MARK: Bodies

    func acquireBody(_ kind: DomainBody.Kind) -> Int32 { bodies.acquire(DomainBody(kind: kind)).index }
    func retainBody(_ body: Int32) { if body >= 0 { bodies[body].references += 1 } }
    func releaseBody(_ body: Int32) {
        guard body >= 0 else { return }
        bodies[body].references -= 1
        if bodies[body].references <= 0 { bodies.release(body) }
    }

    // MARK: Service execution

    /// Runs the domain part of a service call: a query answered from the read model, or a command
    /// handler's next step. Returns true when the call is waiting for a store operation.
    func startDomainWork(_ c: Int32) {
        let body = calls[c].body
        guard body >= 0 else { reply(c, status: 200); return }
        switch bodies[body].kind {
        case .query(.showtime(let id), _):
            // The seat map read in place: the same picks and status as `answer(.showtime)` followed by
            // `pickSeats(detail.seatMap)`, without copying the map (performance round 3).
            let nowNs = queue.now.nanosecondsSinceStart
            if let picked = Self.withProjectedSeats(id, of: &readModel, { state, expiries in pickSeats(state, holdExpiresAt: expiries, nowNs: nowNs) }) {
                bodies[body].pickedSeats = picked
                finishServiceCall(c, status: 200)
            } else {
                finishServiceCall(c, status: Int16(DomainError.notFound(.funcion, id: id.rawValue).httpStatus))
            }
        case .query(let query, let actor):
            switch answerFromReadModel(query, actor: actor, now: queue.now) {
            case .success(let response):
                if case .showtime(let detail) = response { bodies[body].pickedSeats = pickSeats(detail.seatMap) }
                finishServiceCall(c, status: 200)
            case .failure(let error):
                finishServiceCall(c, status: Int16(error.httpStatus))
            }
        case .command(let command, let actor):
            let (handler, _) = handlers.acquire(CommandHandler(assignPurchaseID(command), actor: actor, config: domainConfig))
            calls[c].handler = handler
            driveHandler(c, lastResult: nil)
        case .login(let user):
            // The OAuth server's credential check reads the user (usuario-query).
            switch answerFromReadModel(.user(user), actor: Actor(userId: user, roles: .customer), now: queue.now) {
            case .success: finishServiceCall(c, status: 200)
            case .failure(let error): finishServiceCall(c, status: Int16(error.httpStatus))
            }
        case .page:
            finishServiceCall(c, status: 200)
        }
    }

    /// Feeds the handler its last store result and performs its next step.
    func driveHandler(_ c: Int32, lastResult: StoreResult?) {
        let handler = calls[c].handler
        let step = handlers[handler].next(lastResult: lastResult, now: queue.now)
        switch step {
        case .store(let operation):
            // Through the instance's real MongoDB driver → mongos → replica set (Store/).
            submitStoreOperation(c, operation)
        case .done(let result, let events):
            handlers.release(handler)
            calls[c].handler = -1
            let status: Int16
            switch result {
            case .success(let response):
                status = Int16(response.httpStatus)
                if case .command(.confirmPurchase(let purchase), _) = bodies[calls[c].body].kind, !response.replayed,
                   let seats = Self.purchaseSeatCount(purchase.rawValue, in: &documentStore) {
                    counters.seatsSold += seats
                }
                if let expiry = response.holdExpiresAt, case .command(.holdSeats(let purchase, _, _), _) = bodies[calls[c].body].kind, !response.replayed {
                    let at = max(expiry + Self.sweeperLag, queue.now)
                    if at < endTime { queue.schedule(.expireHold(purchase: purchase.rawValue), at: at) }
                }
            case .failure(let error):
                status = Int16(error.httpStatus)
            }
            if !events.isEmpty {
                let (batch, _) = eventBatches.acquire(events)
                queue.schedule(.projectEvents(batch: batch), at: queue.now + Self.projectionLag)
            }
            finishServiceCall(c, status: status)
        }
    }

    /// ``ReadModel/withProjectedSeats(_:_:)`` on the simulation's read model borrowed `inout`: a
    /// non-mutating method called on a struct stored in a class property copies the whole struct
    /// first (a retain and a release per table), ~2,500 instructions per seat map (round 4).
    @inline(__always) static func withProjectedSeats<R>(_ id: ShowtimeID, of model: inout ReadModel, _ body: ([SeatState], [Int64]) -> R) -> R? {
        model.withProjectedSeats(id, body)
    }

    func projectEvents(_ batch: Int32) {
        for event in eventBatches[batch] { readModel.apply(event) }
        eventBatches.release(batch)
    }

    /// The sweeper expires a hold whose time ran out (compra-command's scheduled job).
    func expireHold(_ purchase: Int64) {
        let outcome = documentStore.execute(.expireHold(purchaseId: PurchaseID(purchase)), actor: Actor(userId: catalogueIDs.adminId, roles: .admin),
                                            config: domainConfig, now: queue.now)
        if !outcome.events.isEmpty {
            let (batch, _) = eventBatches.acquire(outcome.events)
            queue.schedule(.projectEvents(batch: batch), at: queue.now + Self.projectionLag)
        }
    }

    /// The user picks 1–4 adjacent-in-index available seats from the (possibly stale) projected
    /// seat map: a seat is available when `available`, or `held` with its expiry `<= nowNs` (as the
    /// query's seat map shows it). The walk starts at a random index, wraps once around the map and
    /// stops at the `wanted`-th available seat (round 7: it used to visit every seat whatever it had
    /// found, ~1,300 instructions a pick; same draws, same seats).
    func pickSeats(_ state: [SeatState], holdExpiresAt: [Int64], nowNs: Int64) -> [UInt16] {
        guard !state.isEmpty else { return [] }
        let wanted = 1 + sessionRandom.nextInt(below: 4)
        let start = sessionRandom.nextInt(below: state.count)
        var picked: [UInt16] = []
        picked.reserveCapacity(wanted)
        state.withUnsafeBufferPointer { state in
            holdExpiresAt.withUnsafeBufferPointer { expiries in
                let count = state.count
                var index = start
                for _ in 0..<count {
                    let s = state[index]
                    if s == .available || (s == .held && expiries[index] <= nowNs) {
                        picked.append(UInt16(truncatingIfNeeded: index))
                        if picked.count == wanted { break }
                    }
                    index += 1
                    if index == count { index = 0 }
                }
            }
        }
        return picked
    }

    /// The user picks 1–4 adjacent-in-index available seats from the (possibly stale) seat map
    /// (the same walk as ``pickSeats(_:holdExpiresAt:nowNs:)``).
    func pickSeats(_ seatMap: [SeatState]) -> [UInt16] {
        guard !seatMap.isEmpty else { return [] }
        let wanted = 1 + sessionRandom.nextInt(below: 4)
        let start = sessionRandom.nextInt(below: seatMap.count)
        var picked: [UInt16] = []
        picked.reserveCapacity(wanted)
        var index = start
        for _ in 0..<seatMap.count {
            if seatMap[index] == .available {
                picked.append(UInt16(truncatingIfNeeded: index))
                if picked.count == wanted { break }
            }
            index += 1
            if index == seatMap.count { index = 0 }
        }
        return picked
    }
}
