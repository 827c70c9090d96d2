import Testing
import PropertyBased
import SimulationPrimitives
@testable import CinemaDomain

/// The per-showtime counts the projection maintains (available / held / sold, earliest hold
/// expiry) always equal a full scan of the projected seat map, and the seat-map answer built from
/// them equals the answer of the full scan, after random sequences of holds (also over held,
/// blocked and out-of-range seats, as re-delivered or racing events do), expiries, sales and
/// releases (docs/performance.md, round 3).
@Suite struct SeatCountPropertyTests {
    /// The seat-map answer as computed before round 3: copy the map, show expired holds available,
    /// count by scanning.
    static func scannedAnswer(_ reads: ReadModel, _ id: ShowtimeID, now: SimTime) -> ShowtimeDetail? {
        guard let v = reads.showtimes[id.rawValue] else { return nil }
        var map = v.state
        var available = 0, sold = 0
        for i in 0..<map.count {
            if map[i] == .held && v.holdExpiresAt[i] <= now.nanosecondsSinceStart { map[i] = .available }
            if map[i] == .available { available += 1 } else if map[i] == .sold { sold += 1 }
        }
        return ShowtimeDetail(showtime: v.showtime, kinds: v.kinds, seatMap: map, availableCount: available, soldCount: sold)
    }

    static func check(_ reads: ReadModel, now: SimTime) {
        let counts = reads.seatCounts(Fixture.showtime)
        let scanned = reads.scannedSeatCounts(Fixture.showtime)
        #expect(counts?.available == scanned?.available && counts?.held == scanned?.held && counts?.sold == scanned?.sold
                && counts?.earliestHoldExpiryNs == scanned?.earliestHoldExpiryNs)
        guard case .success(.showtime(let detail)) = reads.answer(.showtime(Fixture.showtime), actor: .anonymous, now: now) else {
            Issue.record("no seat map"); return
        }
        #expect(detail == scannedAnswer(reads, Fixture.showtime, now: now))
        // The in-place read the platform uses shows the same map.
        let nowNs = now.nanosecondsSinceStart
        let inPlace = reads.withProjectedSeats(Fixture.showtime) { state, expiries in
            state.indices.map { state[$0] == .held && expiries[$0] <= nowNs ? SeatState.available : state[$0] }
        }
        #expect(inPlace == detail.seatMap)
        #expect(reads.withProjectedSeats(ShowtimeID(999)) { state, _ in state.count } == nil)
    }

    @Test func maintainedCountsEqualAFullScan() async {
        await propertyCheck(count: 120, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var random = RandomStream(rootSeed: UInt64(seed), component: "seat-counts")
            var reads = ReadModel()
            for e in Fixture.events() { reads.apply(e) }
            var nowNs: Int64 = 0
            // Seat indices 0…11: 2 and 7 are gaps, 10 and 11 do not exist.
            func seats() -> [UInt16] { (0..<(1 + random.nextInt(below: 4))).map { _ in UInt16(random.nextInt(below: 12)) } }
            for _ in 0..<60 {
                let purchase = PurchaseID(Int64(1 + random.nextInt(below: 5)))
                let event: DomainEvent
                switch random.nextInt(below: 4) {
                case 0, 1:
                    // Few distinct expiries, so entries of the multiset are shared and emptied.
                    let expiresAt = SimTime.zero + .seconds(Int64(60 * (1 + random.nextInt(below: 6))))
                    event = .seatsHeld(showtime: Fixture.showtime, purchase: purchase, seats: seats(), expiresAt: expiresAt)
                case 2: event = .seatsSold(showtime: Fixture.showtime, purchase: purchase, seats: seats())
                default: event = .seatsReleased(showtime: Fixture.showtime, purchase: purchase, seats: seats())
                }
                reads.apply(event)
                if random.nextBool(probability: 0.2) { reads.apply(event) } // re-delivery
                nowNs += Int64(random.nextInt(below: 90)) * 1_000_000_000
                Self.check(reads, now: SimTime.zero + SimDuration(nanoseconds: nowNs))
                // Exactly at an expiry: the hold is gone (expiry is exclusive).
                if let earliest = reads.seatCounts(Fixture.showtime)?.earliestHoldExpiryNs, earliest < .max {
                    Self.check(reads, now: SimTime.zero + SimDuration(nanoseconds: earliest))
                    Self.check(reads, now: SimTime.zero + SimDuration(nanoseconds: earliest - 1))
                }
            }
        }
    }

    @Test func freshShowtimeCountsItsSeats() {
        var reads = ReadModel()
        for e in Fixture.events() { reads.apply(e) }
        // Fixture layout: 10 positions, 2 gaps, capacity 8 (Support.swift).
        let c = reads.seatCounts(Fixture.showtime)
        #expect(c?.available == 8 && c?.held == 0 && c?.sold == 0 && c?.earliestHoldExpiryNs == .max)
        #expect(reads.seatCounts(ShowtimeID(999)) == nil)
    }

    @Test func carteleraOrderByRankEqualsOrderByTitle() {
        var w = World()
        // Titles chosen so byte order, id order and Unicode order disagree; two share a title.
        let titles: [(Int64, String)] = [(2, "Ágata"), (3, "Zorro"), (4, "azul"), (5, "Azul"), (6, "Ñandú"), (7, "Azul")]
        for (id, title) in titles {
            w.run(.createMovie(id: MovieID(id), title: title, runtimeMinutes: 60, rating: "TP"), as: Fixture.admin)
        }
        for (k, (id, _)) in titles.enumerated() {
            let r = w.run(.scheduleShowtime(id: ShowtimeID(300 + Int64(k)), auditoriumId: Fixture.auditorium, movieId: MovieID(id),
                                            startsAt: .zero + .seconds(Int64(5 + 3 * k) * 3_600), prices: Fixture.prices), as: Fixture.manager)
            #expect(r.isSuccess)
        }
        var reads = ReadModel()
        for e in Fixture.events() + w.published { reads.apply(e) }
        guard case .success(.cartelera(let entries)) = reads.answer(.cartelera(Fixture.cinema, dayStart: .zero), actor: .anonymous, now: .zero) else {
            Issue.record("no cartelera"); return
        }
        let expected = entries.sorted { ($0.movie.title, $0.movie.id) < ($1.movie.title, $1.movie.id) }
        #expect(entries.map(\.movie.id) == expected.map(\.movie.id))
        #expect(entries.count == 7) // the fixture's movie and the six above
    }
}
