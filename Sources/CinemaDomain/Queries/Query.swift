import SimulationPrimitives

/// Every read the nine `-query` services answer, from the ``ReadModel`` (never from the command
/// side's store: CQRS).
public enum Query: Hashable, Sendable {
    // Cadena
    case chains
    case chain(ChainID)
    // Cine
    case cinemasOfChain(ChainID)
    case cinema(CinemaID)
    // Encargado
    case manager(UserID)
    /// The cinemas a manager runs (the manager themself or an admin).
    case cinemasOfManager(UserID)
    // Sala
    case auditoriumsOfCinema(CinemaID)
    case auditorium(AuditoriumID)
    // Pelicula
    case movies
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
    case user(UserID)
    case customer(UserID)
    // Compra (the owner or an admin)
    case purchasesOfCustomer(UserID)
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
    case chains([Chain])
    case chain(Chain)
    case cinemas([Cinema])
    case cinema(Cinema)
    case manager(ManagerProfile)
    case auditoriums([Auditorium])
    case auditorium(Auditorium)
    case movies([Movie])
    case movie(Movie)
    case cartelera([CarteleraEntry])
    case showtime(ShowtimeDetail)
    case user(UserSummary)
    case customer(CustomerProfile)
    case purchases([Purchase])
    case purchase(Purchase)
}
