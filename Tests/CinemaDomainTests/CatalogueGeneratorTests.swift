import Testing
import SimulationPrimitives
@testable import CinemaDomain

@Suite struct CatalogueGeneratorTests {
    @Test func premiereReferenceSizes() {
        // ~40 cinemas × 8 auditoriums (issue 4), 5 showtimes per auditorium per day at most.
        let sizes = CatalogueSizes(customers: 100)
        let c = CatalogueGenerator.generate(sizes: sizes, seed: 7)
        #expect(c.cinemaIds.count == 40)
        #expect(c.auditoriumIds.count == 320)
        #expect(c.showtimeIds.count <= 320 * 5 && c.showtimeIds.count >= 320 * 4)
        #expect(c.customerIds.count == 100 && c.managerIds.count == 40)
        var store = DocumentStore()
        store.load(c.documents)
        #expect(store.count(.seatInventories) == c.showtimeIds.count)
        #expect(store.count(.users) == 1 + 40 + 100)
        // Every layout obeys the layout rules and has 8–16 rows of 12–24 positions.
        for d in c.documents {
            guard case .auditorium(let a) = d else { continue }
            #expect(a.layout.validate() == nil)
            #expect((8...16).contains(a.layout.rows) && (12...24).contains(a.layout.seatsPerRow))
        }
        #expect(store.checkInvariants(quiescent: true).holds)
    }

    @Test func sameSeedSameCatalogueOtherSeedDiffers() {
        let sizes = CatalogueSizes(cinemasPerChain: 3, auditoriumsPerCinema: 2, movies: 5, days: 2, customers: 10)
        let a = CatalogueGenerator.generate(sizes: sizes, seed: 1)
        let b = CatalogueGenerator.generate(sizes: sizes, seed: 1)
        let c = CatalogueGenerator.generate(sizes: sizes, seed: 2)
        #expect(a.documents == b.documents && a.events == b.events)
        #expect(a.documents != c.documents)
    }

    @Test func generatedShowtimesDoNotOverlapAndFitTheDay() {
        let c = CatalogueGenerator.generate(sizes: CatalogueSizes(cinemasPerChain: 2, auditoriumsPerCinema: 3, days: 2, customers: 0), seed: 3)
        var byAuditorium: [Int64: [Showtime]] = [:]
        for d in c.documents { if case .showtime(let s) = d { byAuditorium[s.auditoriumId.rawValue, default: []].append(s) } }
        for key in byAuditorium.keys.sorted() {
            let list = byAuditorium[key]!.sorted { $0.startsAt < $1.startsAt }
            for (x, y) in zip(list, list.dropFirst()) { #expect(x.endsAt + .minutes(15) <= y.startsAt) }
            for s in list {
                let day = s.startsAt.nanosecondsSinceStart / 86_400_000_000_000
                #expect(s.endsAt.nanosecondsSinceStart <= (day + 1) * 86_400_000_000_000)
            }
        }
    }

    @Test func readModelFromGeneratedEventsAnswersCarteleraAndGeneratedUsersCanBuy() {
        let c = CatalogueGenerator.generate(sizes: CatalogueSizes(cinemasPerChain: 2, auditoriumsPerCinema: 2, movies: 4, customers: 3), seed: 11)
        var reads = ReadModel()
        for e in c.events { reads.apply(e) }
        var total = 0
        for cinema in c.cinemaIds {
            guard case .success(.cartelera(let entries)) = reads.answer(.cartelera(cinema, dayStart: .zero), actor: .anonymous, now: .zero) else {
                Issue.record("no cartelera"); continue
            }
            total += entries.reduce(0) { $0 + $1.showtimes.count }
        }
        #expect(total == c.showtimeIds.count)
        var store = DocumentStore()
        store.load(c.documents)
        let buyer = Actor(userId: c.customerIds[0], roles: [.customer])
        guard case .seatInventory(let inv)? = store.document(.seatInventories, key: c.showtimeIds[0].rawValue),
              let seat = (0..<inv.kinds.count).first(where: { inv.kinds[$0] == .standard }) else { Issue.record("no seat"); return }
        let (r, events) = store.execute(.holdSeats(purchaseId: PurchaseID(c.nextFreeId), showtimeId: c.showtimeIds[0], seats: [UInt16(seat)]),
                                        actor: buyer, now: .zero)
        #expect(events.map(\.typeName) == ["SeatsHeld", "PurchaseSaved"])
        #expect(r.value?.amountCents == inv.prices.standardCents)
        guard case .user(let u)? = store.document(.users, key: c.customerIds[0].rawValue) else { Issue.record("unexpected result"); return }
        #expect(u.verify(password: Catalogue.password(forUsername: u.username)))
    }
}
