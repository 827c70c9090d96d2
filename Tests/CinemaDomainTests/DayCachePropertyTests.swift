import Testing
import PropertyBased
import SimulationPrimitives
@testable import CinemaDomain

/// The carteleras and "movies showing" lists kept per day at projection time (performance round 4,
/// docs/performance.md) always equal the answers computed by walking the indexes the way the read
/// model did before (group by movie, then sort by `(title, id)` with String comparison), after
/// random sequences of movie and showtime events — new showtimes on several cinemas and days
/// (negative ones too), new versions that cancel, move or re-assign a showtime, movies renamed or
/// re-saved with their title (other runtime),
/// movies projected after their showtimes, stale and re-delivered versions — applied one by one or
/// in batches (`apply(contentsOf:)`).
@Suite struct DayCachePropertyTests {
    static let dayNs = ReadModel.dayNs
    static let cinemas: [Int64] = [1, 2, 7]
    static let days: [Int64] = [-1, 0, 1, 2, 3]

    /// The pre-round-3 cartelera: showtimes of the cinema's index in the range, not cancelled, with
    /// a projected movie, grouped by movie in order of appearance, then sorted by `(title, id)`.
    static func referenceCartelera(_ reads: ReadModel, cinema: Int64, fromNs: Int64) -> [CarteleraEntry] {
        var entries: [CarteleraEntry] = []
        for timed in reads.showtimesByCinema[cinema] ?? [] where timed.startNs >= fromNs && timed.startNs < fromNs + dayNs {
            guard let s = reads.showtimes[timed.id]?.showtime, !s.cancelled, let m = reads.movies[s.movieId.rawValue] else { continue }
            if let k = entries.firstIndex(where: { $0.movie.id == m.id }) { entries[k].showtimes.append(s) }
            else { entries.append(CarteleraEntry(movie: m, showtimes: [s])) }
        }
        return entries.sorted { ($0.movie.title, $0.movie.id) < ($1.movie.title, $1.movie.id) }
    }

    /// The pre-round-4 movies showing: movies by id with a non-cancelled showtime starting in range.
    static func referenceMoviesShowing(_ reads: ReadModel, fromNs: Int64, toNs: Int64) -> [Movie] {
        reads.movieIds.compactMap { id -> Movie? in
            guard let m = reads.movies[id] else { return nil }
            let showing = (reads.showtimesByMovie[id] ?? []).contains { t in
                t.startNs >= fromNs && t.startNs < toNs && reads.showtimes[t.id]?.showtime.cancelled == false
            }
            return showing ? m : nil
        }
    }

    static func check(_ reads: ReadModel) {
        for cinema in cinemas {
            for day in days {
                let answer = reads.answer(.cartelera(CinemaID(cinema), dayStart: SimTime.zero + SimDuration(nanoseconds: day * dayNs)),
                                          actor: .anonymous, now: .zero)
                if reads.cinemas[cinema] == nil {
                    #expect(answer.error == .notFound(.cine, id: cinema))
                } else {
                    #expect(answer.value == .cartelera(referenceCartelera(reads, cinema: cinema, fromNs: day * dayNs)), "cinema \(cinema) day \(day)")
                }
                // An unaligned 24 h window takes the scanning path: same rule.
                let offset = day * dayNs + 5 * 3_600_000_000_000
                if reads.cinemas[cinema] != nil {
                    let shifted = reads.answer(.cartelera(CinemaID(cinema), dayStart: SimTime.zero + SimDuration(nanoseconds: offset)),
                                               actor: .anonymous, now: .zero)
                    #expect(shifted.value == .cartelera(referenceCartelera(reads, cinema: cinema, fromNs: offset)))
                }
            }
        }
        for day in days {
            let from = SimTime.zero + SimDuration(nanoseconds: day * dayNs)
            let oneDay = reads.answer(.moviesShowing(from: from, to: from + .seconds(86_400)), actor: .anonymous, now: .zero)
            #expect(oneDay.value == .movies(referenceMoviesShowing(reads, fromNs: day * dayNs, toNs: (day + 1) * dayNs)), "day \(day)")
            let twoDays = reads.answer(.moviesShowing(from: from, to: from + .seconds(2 * 86_400)), actor: .anonymous, now: .zero)
            #expect(twoDays.value == .movies(referenceMoviesShowing(reads, fromNs: day * dayNs, toNs: (day + 2) * dayNs)))
        }
    }

    /// A random catalogue history: movies 1…5 (titles collide and change), showtimes 100…129 on
    /// cinemas 1, 2, 7 over days −1…3; versions move forward, sometimes stale or repeated.
    static func history(seed: Int) -> [DomainEvent] {
        var random = RandomStream(rootSeed: UInt64(seed), component: "day-caches")
        let titles = ["Ágata", "Zorro", "azul", "Azul", "Ñandú", "Manzana"]
        var movieVersion: [Int64: UInt64] = [:]
        var movieTitle: [Int64: String] = [:]
        var showtimeVersion: [Int64: Showtime] = [:]
        var events: [DomainEvent] = [
            .cinemaSaved(Cinema(id: CinemaID(1), chainId: ChainID(1), name: "Centro", city: "Madrid")),
            .cinemaSaved(Cinema(id: CinemaID(2), chainId: ChainID(1), name: "Norte", city: "Madrid")),
        ]
        for _ in 0..<70 {
            switch random.nextInt(below: 10) {
            case 0, 1:
                let id = Int64(1 + random.nextInt(below: 5))
                let version = (movieVersion[id] ?? 0) + UInt64(random.nextInt(below: 2)) // 0 extra: a stale re-delivery
                movieVersion[id] = max(version, 1)
                // Half the new versions keep the title (the value changes in place), half may rename.
                let title = random.nextBool(probability: 0.5) ? (movieTitle[id] ?? titles[0]) : titles[random.nextInt(below: titles.count)]
                movieTitle[id] = title
                var m = Movie(id: MovieID(id), title: title, runtimeMinutes: 90 + random.nextInt(below: 60), rating: "TP")
                m.version = max(version, 1)
                events.append(.movieSaved(m))
            case 2, 3, 4, 5:
                let id = Int64(100 + random.nextInt(below: 30))
                var s: Showtime
                if var old = showtimeVersion[id] {
                    // A new version: cancelled, moved, or another movie (the indexes keep the first place).
                    switch random.nextInt(below: 4) {
                    case 0: old.cancelled.toggle()
                    case 1: old.startsAt = old.startsAt + .seconds(Int64(random.nextInt(below: 3)) * 86_400)
                    case 2: old.movieId = MovieID(Int64(1 + random.nextInt(below: 6)))
                    default: old.cinemaId = CinemaID(cinemas[random.nextInt(below: cinemas.count)])
                    }
                    old.version += UInt64(random.nextInt(below: 3)) // 0: stale, ignored
                    s = old
                } else {
                    let startNs = Int64(random.nextInt(below: 5) - 1) * dayNs + Int64(random.nextInt(below: 24 * 60)) * 60_000_000_000
                    s = Showtime(id: ShowtimeID(id), auditoriumId: AuditoriumID(1), cinemaId: CinemaID(cinemas[random.nextInt(below: cinemas.count)]),
                                 movieId: MovieID(Int64(1 + random.nextInt(below: 6))), // movie 6 is never projected
                                 startsAt: SimTime.zero + SimDuration(nanoseconds: startNs),
                                 endsAt: SimTime.zero + SimDuration(nanoseconds: startNs + 7_200_000_000_000), prices: Fixture.prices)
                    s.version = 1
                }
                showtimeVersion[id] = s
                events.append(.showtimeSaved(s, kinds: Fixture.layout.kinds))
            case 6:
                events.append(.cinemaSaved(Cinema(id: CinemaID(7), chainId: ChainID(1), name: "Sur", city: "Vigo")))
            default:
                // Seat events do not touch the caches.
                let id = Int64(100 + random.nextInt(below: 30))
                events.append(.seatsHeld(showtime: ShowtimeID(id), purchase: PurchaseID(9), seats: [0, 1],
                                         expiresAt: SimTime.zero + .seconds(600)))
            }
        }
        return events
    }

    @Test func cachedDaysEqualTheReferenceScans() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max))) { seed in
            var reads = ReadModel()
            for event in Self.history(seed: seed) {
                reads.apply(event)
                Self.check(reads)
            }
        }
    }

    @Test func batchedApplyEqualsOneByOne() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...Int(Int32.max)), Gen.int(in: 0...70)) { seed, split in
            let events = Self.history(seed: seed)
            var single = ReadModel()
            for event in events { single.apply(event) }
            var batched = ReadModel()
            let k = min(split, events.count)
            batched.apply(contentsOf: events[..<k])
            batched.apply(contentsOf: events[k...])
            Self.check(batched)
            for cinema in Self.cinemas {
                for day in Self.days {
                    #expect(batched.cachedCartelera(cinema: cinema, day: day) == single.cachedCartelera(cinema: cinema, day: day))
                }
            }
            for day in Self.days { #expect(batched.cachedMoviesShowing(day: day) == single.cachedMoviesShowing(day: day)) }
        }
    }

    @Test func dayArithmetic() {
        #expect(ReadModel.day(containing: 0) == 0)
        #expect(ReadModel.day(containing: Self.dayNs - 1) == 0)
        #expect(ReadModel.day(containing: Self.dayNs) == 1)
        #expect(ReadModel.day(containing: -1) == -1)
        #expect(ReadModel.day(containing: -Self.dayNs) == -1)
        #expect(ReadModel.day(containing: -Self.dayNs - 1) == -2)
        #expect(ReadModel.day(startingAt: 3 * Self.dayNs) == 3)
        #expect(ReadModel.day(startingAt: -2 * Self.dayNs) == -2)
        #expect(ReadModel.day(startingAt: Self.dayNs + 1) == nil)
    }

    /// The premiere catalogue: every cinema's cartelera of day 0 lists each of its 32 showtimes once.
    @Test func generatedCatalogueCarteleras() {
        let catalogue = CatalogueGenerator.generate(sizes: CatalogueSizes(chains: 1, cinemasPerChain: 4, auditoriumsPerCinema: 8, rows: 12...12,
                                                                          seatsPerRow: 16...16, movies: 24, showtimesPerAuditoriumPerDay: 4,
                                                                          days: 1, customers: 10, managersPerCinema: 1), seed: 7)
        var reads = ReadModel()
        reads.apply(contentsOf: catalogue.events)
        for cinema in catalogue.cinemaIds {
            guard case .success(.cartelera(let entries)) = reads.answer(.cartelera(cinema, dayStart: .zero), actor: .anonymous, now: .zero) else {
                Issue.record("no cartelera"); continue
            }
            #expect(entries.reduce(0) { $0 + $1.showtimes.count } == 8 * 4)
            #expect(entries == Self.referenceCartelera(reads, cinema: cinema.rawValue, fromNs: 0))
        }
    }
}

/// ``IDTable`` behaves as a dictionary from id to value, for dense ids, ids past the dense limit
/// and negative ids, and lists ids in insertion order.
@Suite struct IDTablePropertyTests {
    @Test func behavesAsADictionary() async {
        let limit: Int64 = 64 // small, so the dense part is cheap to fill in a debug build
        // Each write is one number: its low bits pick the id's range (dense, around the dense limit,
        // negative, run-time ids above 1,000,000) and offset, the rest the value.
        await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000).array(of: 0...80)) { numbers in
            let writes = numbers.map { n -> (Int64, Int) in
                let offset = Int64((n / 4) % 41)
                let id: Int64
                switch n % 4 {
                case 0: id = offset % 30
                case 1: id = limit - 3 + offset % 7
                case 2: id = -1 - offset % 3
                default: id = 1_000_000 + offset % 11
                }
                return (id, n / 164)
            }
            var table = IDTable<Int>(denseLimit: limit)
            var reference: [Int64: Int] = [:]
            var order: [Int64] = []
            for (id, value) in writes {
                if reference[id] == nil { order.append(id) }
                reference[id] = value
                if value % 3 == 0 { table[id] = value } else if table.modify(id, { $0 = value }) == nil { table[id] = value }
            }
            #expect(table.count == reference.count)
            #expect(table.ids == order)
            for id in Array(-4...30) + Array((limit - 4)...(limit + 4)) + Array(999_999...1_000_011) {
                #expect(table[id] == reference[id])
                #expect(table.contains(id) == (reference[id] != nil))
            }
        }
    }
}
