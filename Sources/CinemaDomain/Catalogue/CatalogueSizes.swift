import SimulationPrimitives

/// How big a generated chain is. Scenarios give these under `catalog:`; the defaults are the
/// premiere reference (~40 cinemas × 8 auditoriums, issue 4).
public struct CatalogueSizes: Hashable, Sendable {
    /// Chains (Cadenas).
    public var chains: Int
    /// Cinemas per chain.
    public var cinemasPerChain: Int
    /// Auditoriums per cinema.
    public var auditoriumsPerCinema: Int
    /// Smallest and largest number of rows of a generated layout.
    public var rows: ClosedRange<Int>
    /// Smallest and largest positions per row (aisles included).
    public var seatsPerRow: ClosedRange<Int>
    /// Movies in the catalogue.
    public var movies: Int
    /// Showtimes scheduled per auditorium per day (fewer if the day runs out).
    public var showtimesPerAuditoriumPerDay: Int
    /// Days of showtimes, starting at day 0 (`SimTime.zero` is midnight of day 0).
    public var days: Int
    /// Customers (each a user with the customer role and a customer profile).
    public var customers: Int
    /// Managers per cinema (each a user with the manager role, assigned to one cinema).
    public var managersPerCinema: Int

    /// Sizes; defaults are the premiere reference.
    public init(chains: Int = 1, cinemasPerChain: Int = 40, auditoriumsPerCinema: Int = 8, rows: ClosedRange<Int> = 8...16,
                seatsPerRow: ClosedRange<Int> = 12...24, movies: Int = 30, showtimesPerAuditoriumPerDay: Int = 5, days: Int = 1,
                customers: Int = 10_000, managersPerCinema: Int = 1) {
        self.chains = chains; self.cinemasPerChain = cinemasPerChain; self.auditoriumsPerCinema = auditoriumsPerCinema
        self.rows = rows; self.seatsPerRow = seatsPerRow; self.movies = movies
        self.showtimesPerAuditoriumPerDay = showtimesPerAuditoriumPerDay; self.days = days
        self.customers = customers; self.managersPerCinema = managersPerCinema
    }
}

/// A generated chain: the documents to load into the store, the events that build the query
/// side, and the ids a workload needs.
public struct Catalogue: Sendable {
    /// Documents for ``DocumentStore/load(_:)``, every one at version 1.
    public var documents: [DomainDocument] = []
    /// Events that build the ``ReadModel`` (apply them all before the run starts).
    public var events: [DomainEvent] = []
    /// The chain administrator's user id.
    public var adminId = UserID(1)
    /// Cinema ids in order.
    public var cinemaIds: [CinemaID] = []
    /// Auditorium ids in order.
    public var auditoriumIds: [AuditoriumID] = []
    /// Movie ids in order.
    public var movieIds: [MovieID] = []
    /// Showtime ids in order of (auditorium, start).
    public var showtimeIds: [ShowtimeID] = []
    /// Customer user ids in order.
    public var customerIds: [UserID] = []
    /// Manager user ids in order; `managerCinema[i]` is the cinema of `managerIds[i]`.
    public var managerIds: [UserID] = []
    /// The cinema each manager runs.
    public var managerCinema: [CinemaID] = []
    /// First id free for entities created during the run (users, purchases, showtimes…).
    public var nextFreeId: Int64 = 1

    /// The deterministic password of generated user `username` (for the OAuth password grant in journeys).
    public static func password(forUsername username: String) -> String { "pw-" + username }
}
