import SimulationPrimitives

/// Every read the nine `-query` services answer, from the ``ReadModel`` (never from the command
/// side's store: CQRS).
public enum Query: Hashable, Sendable {
    // Cadena
    /// All chains.
    case chains
    /// One chain.
    case chain(ChainID)
    // Cine
    /// A chain's active cinemas.
    case cinemasOfChain(ChainID)
    /// One cinema.
    case cinema(CinemaID)
    // Encargado
    /// A manager's profile (the manager themself or an admin).
    case manager(UserID)
    /// The cinemas a manager runs (the manager themself or an admin).
    case cinemasOfManager(UserID)
    // Sala
    /// A cinema's active auditoriums.
    case auditoriumsOfCinema(CinemaID)
    /// One auditorium with its layout.
    case auditorium(AuditoriumID)
    // Pelicula
    /// Active movies.
    case movies
    /// One movie.
    case movie(MovieID)
    /// Movies with at least one showtime starting in `[from, to)` anywhere in the chain.
    case moviesShowing(from: SimTime, to: SimTime)
    // Funcion
    /// The cartelera: a cinema's showtimes starting in the business day `[dayStart, dayStart + 24h)`,
    /// grouped by movie.
    case cartelera(CinemaID, dayStart: SimTime)
    /// A showtime with its seat map (as the projection last saw it).
    case showtime(ShowtimeID)
    // Usuario, Cliente (the user themself or an admin)
    /// A user's public data.
    case user(UserID)
    /// A customer profile.
    case customer(UserID)
    // Compra (the owner or an admin)
    /// A customer's purchases, by id.
    case purchasesOfCustomer(UserID)
    /// One purchase.
    case purchase(PurchaseID)

    /// The resource (and so the `-query` service) that answers the query.
    public var resource: ResourceKind {
        switch self {
        case .chains, .chain: .cadena
        case .cinemasOfChain, .cinema: .cine
        case .manager, .cinemasOfManager: .encargado
        case .auditoriumsOfCinema, .auditorium: .sala
        case .movies, .movie, .moviesShowing: .pelicula
        case .cartelera, .showtime: .funcion
        case .user: .usuario
        case .customer: .cliente
        case .purchasesOfCustomer, .purchase: .compra
        }
    }
}

/// One movie's showtimes in a cartelera.
public struct CarteleraEntry: Hashable, Sendable {
    /// The movie.
    public var movie: Movie
    /// Its showtimes that day, by start time.
    public var showtimes: [Showtime]
}

/// A showtime with its seat map as the query side sees it.
public struct ShowtimeDetail: Hashable, Sendable {
    /// The showtime.
    public var showtime: Showtime
    /// Seat kinds (the auditorium layout).
    public var kinds: [SeatKind]
    /// Seat states at the query's `now`; holds that have expired are shown `available`.
    public var seatMap: [SeatState]
    /// Seats shown available.
    public var availableCount: Int
    /// Seats shown sold.
    public var soldCount: Int
}

/// A query's answer.
public enum QueryResponse: Hashable, Sendable {
    /// Chains by id.
    case chains([Chain])
    /// One chain.
    case chain(Chain)
    /// Cinemas by id.
    case cinemas([Cinema])
    /// One cinema.
    case cinema(Cinema)
    /// One manager profile.
    case manager(ManagerProfile)
    /// Auditoriums by id.
    case auditoriums([Auditorium])
    /// One auditorium.
    case auditorium(Auditorium)
    /// Movies by id.
    case movies([Movie])
    /// One movie.
    case movie(Movie)
    /// A day's showtimes grouped by movie, movies by title.
    case cartelera([CarteleraEntry])
    /// A showtime with its seat map.
    case showtime(ShowtimeDetail)
    /// A user's public data.
    case user(UserSummary)
    /// A customer profile.
    case customer(CustomerProfile)
    /// Purchases by id.
    case purchases([Purchase])
    /// One purchase.
    case purchase(Purchase)
}
