import SimulationPrimitives

/// A cinema chain (Cadena): the operator that owns cinemas (reference §4.1 hierarchy
/// `Chain → Cinema → Auditorium → Seat → Showtime`).
public struct Chain: Hashable, Sendable {
    /// Document id.
    public var id: ChainID
    /// Display name, e.g. `CineManzana`.
    public var name: String
    /// Optimistic-concurrency version, bumped by every store update.
    public var version: UInt64 = 0
    /// A chain document.
    public init(id: ChainID, name: String) { self.id = id; self.name = name }
}

/// A cinema (Cine, a complex or *sucursal*) of a chain. `managerIds` is the authority for the rule
/// "only a cinema's manager may create or change its auditoriums and showtimes".
public struct Cinema: Hashable, Sendable {
    /// Document id.
    public var id: CinemaID
    /// Owning chain.
    public var chainId: ChainID
    /// Display name.
    public var name: String
    /// City, e.g. `Madrid`.
    public var city: String
    /// Managers (Encargados) of this cinema, sorted by id.
    public var managerIds: [UserID] = []
    /// Retired cinemas keep their history but accept no new auditoriums or showtimes.
    public var retired = false
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A cinema document.
    public init(id: CinemaID, chainId: ChainID, name: String, city: String, managerIds: [UserID] = []) {
        self.id = id; self.chainId = chainId; self.name = name; self.city = city; self.managerIds = managerIds
    }
}

/// An auditorium (Sala, a screen) of a cinema with its seat layout.
public struct Auditorium: Hashable, Sendable {
    /// Document id.
    public var id: AuditoriumID
    /// Owning cinema.
    public var cinemaId: CinemaID
    /// Display name, e.g. `Sala 3`.
    public var name: String
    /// Seat grid; copied (copy-on-write, no duplication) into every showtime's inventory.
    public var layout: SeatLayout
    /// Retired auditoriums accept no new showtimes.
    public var retired = false
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// An auditorium document.
    public init(id: AuditoriumID, cinemaId: CinemaID, name: String, layout: SeatLayout) {
        self.id = id; self.cinemaId = cinemaId; self.name = name; self.layout = layout
    }
}

/// A film (Pelicula) with its title, running time and age rating.
public struct Movie: Hashable, Sendable {
    /// Document id.
    public var id: MovieID
    /// Title.
    public var title: String
    /// Running time in minutes (1…600); a showtime occupies its auditorium for this long plus cleaning.
    public var runtimeMinutes: Int
    /// Age rating label (e.g. Spanish ICAA classes `TP`, `7`, `12`, `16`, `18`).
    public var rating: String
    /// Retired movies cannot be scheduled.
    public var retired = false
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A movie document.
    public init(id: MovieID, title: String, runtimeMinutes: Int, rating: String) {
        self.id = id; self.title = title; self.runtimeMinutes = runtimeMinutes; self.rating = rating
    }
}

/// A showtime (Funcion, a Vista *session*): a movie in an auditorium at a start time with prices.
/// Its per-seat state lives in the separate ``SeatInventory`` document with the same id, so seat
/// sales never contend with edits of the showtime itself.
public struct Showtime: Hashable, Sendable {
    /// Document id (also the inventory's id and shard-key value).
    public var id: ShowtimeID
    /// The auditorium it plays in.
    public var auditoriumId: AuditoriumID
    /// The auditorium's cinema (denormalised for the cartelera query and the manager check).
    public var cinemaId: CinemaID
    /// The film.
    public var movieId: MovieID
    /// Start instant.
    public var startsAt: SimTime
    /// End instant: start + runtime (the auditorium is busy until then).
    public var endsAt: SimTime
    /// Prices per seat kind.
    public var prices: PriceTiers
    /// Cancelled showtimes sell nothing.
    public var cancelled = false
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A showtime document.
    public init(id: ShowtimeID, auditoriumId: AuditoriumID, cinemaId: CinemaID, movieId: MovieID,
                startsAt: SimTime, endsAt: SimTime, prices: PriceTiers) {
        self.id = id; self.auditoriumId = auditoriumId; self.cinemaId = cinemaId; self.movieId = movieId
        self.startsAt = startsAt; self.endsAt = endsAt; self.prices = prices
    }
}
