import SimulationPrimitives

/// Builds a chain deterministically from ``CatalogueSizes`` and a seed: the same sizes and seed
/// give the same catalogue in every process (randomness from one ``RandomStream``).
///
/// ```swift
/// let catalogue = CatalogueGenerator.generate(sizes: CatalogueSizes(cinemasPerChain: 2), seed: 42)
/// var store = DocumentStore(); store.load(catalogue.documents)
/// var reads = ReadModel(); catalogue.events.forEach { reads.apply($0) }
/// ```
///
/// Layouts vary per auditorium [derived, reference §4.1 layout model]: 1–2 aisles (gaps) split
/// each row into blocks; the middle third of rows is premium; the front row has wheelchair spaces
/// beside the aisles, each with one companion seat next to it (28 CFR 36.302(f)). Runtimes are
/// 85–180 min; prices 6.50–9.50 € standard and +3 € premium [derived: Spanish ticket prices].
/// Showtimes start at 12:00 each day and follow each other with the turnaround, within the day.
public enum CatalogueGenerator {
    static let cities = ["Madrid", "Barcelona", "Valencia", "Sevilla", "Zaragoza", "Málaga", "Murcia", "Palma",
                         "Bilbao", "Alicante", "Córdoba", "Valladolid", "Vigo", "Gijón", "Granada", "Oviedo"]
    static let words = ["Manzana", "Noche", "Río", "Sombra", "Luz", "Viento", "Mar", "Fuego", "Silencio", "Ciudad",
                        "Tiempo", "Sueño", "Camino", "Cielo", "Hielo", "Lobo", "Isla", "Estrella", "Espejo", "Tormenta"]
    static let ratings = ["TP", "7", "12", "16", "18"]

    /// The catalogue for `sizes` and `seed`. `turnaround` must match the domain config's (default 15 min).
    public static func generate(sizes: CatalogueSizes, seed: UInt64, turnaround: SimDuration = .minutes(15)) -> Catalogue {
        var rng = RandomStream(rootSeed: seed, component: "catalogue")
        var out = Catalogue()
        var nextId: Int64 = 1
        func take() -> Int64 { defer { nextId += 1 }; return nextId }
        func emit(_ d: DomainDocument) {
            var doc = d
            doc.version = 1
            out.documents.append(doc)
            if let e = DomainEvent.saved(doc) { out.events.append(e) }
        }

        // Administrator.
        let admin = User(id: UserID(take()), username: "admin", credentialDigest: User.digest(username: "admin", password: Catalogue.password(forUsername: "admin")),
                         roles: [.admin])
        out.adminId = admin.id
        emit(.user(admin))

        // Movies.
        var movies: [Movie] = []
        for k in 0..<sizes.movies {
            let title = words[rng.nextInt(below: words.count)] + " " + words[rng.nextInt(below: words.count)] + " \(k + 1)"
            let m = Movie(id: MovieID(take()), title: title, runtimeMinutes: 85 + rng.nextInt(below: 96),
                          rating: ratings[rng.nextInt(below: ratings.count)])
            movies.append(m)
            out.movieIds.append(m.id)
            emit(.movie(m))
        }

        for c in 0..<sizes.chains {
            let chain = Chain(id: ChainID(take()), name: sizes.chains == 1 ? "CineManzana" : "CineManzana \(c + 1)")
            emit(.chain(chain))
            for k in 0..<sizes.cinemasPerChain {
                let cinemaId = CinemaID(take())
                // Managers first, so the cinema document is written once with its manager list.
                var managerIds: [UserID] = []
                var profiles: [ManagerProfile] = []
                var managerUsers: [User] = []
                for _ in 0..<sizes.managersPerCinema {
                    let id = UserID(take())
                    let name = "encargado\(id.rawValue)"
                    managerUsers.append(User(id: id, username: name, credentialDigest: User.digest(username: name, password: Catalogue.password(forUsername: name)),
                                             roles: [.manager]))
                    profiles.append(ManagerProfile(id: id, name: "Encargado \(id.rawValue)", cinemaIds: [cinemaId]))
                    managerIds.append(id)
                    out.managerIds.append(id)
                    out.managerCinema.append(cinemaId)
                }
                for u in managerUsers { emit(.user(u)) }
                for p in profiles { emit(.manager(p)) }
                let city = cities[(c * sizes.cinemasPerChain + k) % cities.count]
                let cinema = Cinema(id: cinemaId, chainId: chain.id, name: "CineManzana \(city) \(k + 1)", city: city, managerIds: managerIds)
                out.cinemaIds.append(cinemaId)
                emit(.cinema(cinema))

                for a in 0..<sizes.auditoriumsPerCinema {
                    let layout = makeLayout(&rng, sizes: sizes)
                    let auditorium = Auditorium(id: AuditoriumID(take()), cinemaId: cinemaId, name: "Sala \(a + 1)", layout: layout)
                    out.auditoriumIds.append(auditorium.id)
                    emit(.auditorium(auditorium))
                    for day in 0..<sizes.days {
                        let dayStart = SimTime.zero + .seconds(Int64(day) * 86_400)
                        var start = dayStart + .hours12
                        let dayEnd = dayStart + .seconds(86_400)
                        for _ in 0..<sizes.showtimesPerAuditoriumPerDay {
                            guard !movies.isEmpty else { break }
                            let movie = movies[rng.nextInt(below: movies.count)]
                            let end = start + .minutes(Int64(movie.runtimeMinutes))
                            if end > dayEnd { break }
                            let standard = Int64(650 + 50 * rng.nextInt(below: 7))
                            let prices = PriceTiers(standardCents: standard, premiumCents: standard + 300)
                            let s = Showtime(id: ShowtimeID(take()), auditoriumId: auditorium.id, cinemaId: cinemaId, movieId: movie.id,
                                             startsAt: start, endsAt: end, prices: prices)
                            var showtime = s
                            showtime.version = 1
                            out.documents.append(.showtime(showtime))
                            out.events.append(.showtimeSaved(showtime, kinds: layout.kinds))
                            var inventory = SeatInventory(showtimeId: s.id, cinemaId: cinemaId, layout: layout, startsAt: start, prices: prices)
                            inventory.version = 1
                            out.documents.append(.seatInventory(inventory))
                            out.showtimeIds.append(s.id)
                            // Next start: after the turnaround, rounded up to a quarter hour.
                            let quarter: Int64 = 15 * 60 * 1_000_000_000
                            let nextNs = (end + turnaround).nanosecondsSinceStart
                            start = SimTime(nanosecondsSinceStart: (nextNs + quarter - 1) / quarter * quarter)
                        }
                    }
                }
            }
        }

        // Customers.
        for _ in 0..<sizes.customers {
            let id = UserID(take())
            let name = "cliente\(id.rawValue)"
            emit(.user(User(id: id, username: name, credentialDigest: User.digest(username: name, password: Catalogue.password(forUsername: name)),
                            roles: [.customer])))
            emit(.customer(CustomerProfile(id: id, name: "Cliente \(id.rawValue)", email: "\(name)@example.com")))
            out.customerIds.append(id)
        }
        out.nextFreeId = nextId
        return out
    }

    /// A varied layout: aisles, a premium middle band, front-row wheelchair spaces with companions.
    static func makeLayout(_ rng: inout RandomStream, sizes: CatalogueSizes) -> SeatLayout {
        let rows = sizes.rows.lowerBound + rng.nextInt(below: sizes.rows.count)
        let perRow = sizes.seatsPerRow.lowerBound + rng.nextInt(below: sizes.seatsPerRow.count)
        var kinds = Array(repeating: SeatKind.standard, count: rows * perRow)
        // Aisles: one in the middle, or two splitting the row in thirds (only if rows are wide enough).
        var aisles: [Int] = []
        if perRow >= 9 {
            aisles = rng.nextBool(probability: 0.5) || perRow < 15 ? [perRow / 2] : [perRow / 3, 2 * perRow / 3]
        }
        let premiumRows = (rows * 2 / 5)..<(rows * 7 / 10)
        for r in 0..<rows {
            for col in 0..<perRow {
                let i = r * perRow + col
                if aisles.contains(col) { kinds[i] = .gap } else if premiumRows.contains(r) { kinds[i] = .premium }
            }
        }
        // Front row: a wheelchair space right of each aisle with a companion seat beside it.
        for aisle in aisles where aisle + 2 < perRow {
            kinds[aisle + 1] = .accessible
            kinds[aisle + 2] = .companion
        }
        return SeatLayout(rows: rows, seatsPerRow: perRow, kinds: kinds)
    }
}

extension SimDuration {
    static let hours12 = SimDuration.seconds(12 * 3_600)
}
