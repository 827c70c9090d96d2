import SimulationPrimitives

/// Every write the nine `-command` services accept. Ids of created entities are chosen by the
/// caller (platform counter or generator) so runs are deterministic; a purchase id is the client's
/// idempotency key.
public enum Command: Hashable, Sendable {
    // Cadena (admin)
    case createChain(id: ChainID, name: String)
    case renameChain(id: ChainID, name: String)
    // Cine (admin creates/retires; admin or the cinema's manager updates)
    case createCinema(id: CinemaID, chainId: ChainID, name: String, city: String)
    case updateCinema(id: CinemaID, name: String, city: String)
    case retireCinema(id: CinemaID)
    // Encargado (admin)
    case createManager(userId: UserID, name: String)
    case assignManager(userId: UserID, cinemaId: CinemaID)
    case unassignManager(userId: UserID, cinemaId: CinemaID)
    // Sala (the cinema's manager only)
    case createAuditorium(id: AuditoriumID, cinemaId: CinemaID, name: String, layout: SeatLayout)
    case updateAuditorium(id: AuditoriumID, name: String, layout: SeatLayout)
    case retireAuditorium(id: AuditoriumID)
    // Pelicula (admin)
    case createMovie(id: MovieID, title: String, runtimeMinutes: Int, rating: String)
    case updateMovie(id: MovieID, title: String, runtimeMinutes: Int, rating: String)
    case retireMovie(id: MovieID)
    // Funcion (the cinema's manager only)
    case scheduleShowtime(id: ShowtimeID, auditoriumId: AuditoriumID, movieId: MovieID, startsAt: SimTime, prices: PriceTiers)
    case cancelShowtime(id: ShowtimeID)
    // Usuario
    case registerUser(id: UserID, username: String, password: String)
    case changePassword(id: UserID, oldPassword: String, newPassword: String)
    case setRoles(id: UserID, roles: Roles)
    case deactivateUser(id: UserID)
    // Cliente (the user themself)
    case registerCustomer(name: String, email: String)
    case updateCustomer(name: String, email: String)
    // Compra (the customer who owns the purchase; `expireHold` is the platform's sweeper)
    case holdSeats(purchaseId: PurchaseID, showtimeId: ShowtimeID, seats: [UInt16])
    case payPurchase(purchaseId: PurchaseID, paymentReference: Int64)
    case confirmPurchase(purchaseId: PurchaseID)
    case releaseHold(purchaseId: PurchaseID)
    case cancelPurchase(purchaseId: PurchaseID)
    case expireHold(purchaseId: PurchaseID)

    /// The resource (and so the `-command` service) that handles the command.
    public var resource: ResourceKind {
        switch self {
        case .createChain, .renameChain: .cadena
        case .createCinema, .updateCinema, .retireCinema: .cine
        case .createManager, .assignManager, .unassignManager: .encargado
        case .createAuditorium, .updateAuditorium, .retireAuditorium: .sala
        case .createMovie, .updateMovie, .retireMovie: .pelicula
        case .scheduleShowtime, .cancelShowtime: .funcion
        case .registerUser, .changePassword, .setRoles, .deactivateUser: .usuario
        case .registerCustomer, .updateCustomer: .cliente
        case .holdSeats, .payPurchase, .confirmPurchase, .releaseHold, .cancelPurchase, .expireHold: .compra
        }
    }
}

/// How seat holds and confirms decide ownership (DESIGN §10, case F16).
public enum HoldStrategy: UInt8, Hashable, Sendable {
    /// Safe: one atomic conditional update per hold and per confirm (`findAndModify` whose filter
    /// requires the seats claimable / held by this hold; reference §4.2 fix of races 1–4).
    case atomicConditional
    /// **Unsafe, for demonstrations only**: read the inventory, check availability in the service,
    /// then write unconditionally (reference §4.2 race 4, hoangdaochuz/booking #27; case F16).
    /// Two interleaved buyers can both hold and both confirm the same seat.
    case naiveReadThenWrite
}

/// Domain settings a scenario may change.
public struct DomainConfig: Hashable, Sendable {
    /// How long a hold protects its seats. Default 15 min: the seats.io hold-token default
    /// (reference §4.1 "Hold durations").
    public var holdTTL: SimDuration
    /// Hold strategy; default the safe one.
    public var holdStrategy: HoldStrategy
    /// Most seats in one purchase. Default 10 [derived: a typical web checkout cap].
    public var maxSeatsPerPurchase: Int
    /// Time an auditorium needs between showtimes (cleaning, ads). Default 15 min [derived].
    public var turnaround: SimDuration
    /// Shortest accepted password. Default 8 (NIST SP 800-63B minimum).
    public var minimumPasswordLength: Int

    /// A configuration; every argument has the documented default.
    public init(holdTTL: SimDuration = .minutes(15), holdStrategy: HoldStrategy = .atomicConditional,
                maxSeatsPerPurchase: Int = 10, turnaround: SimDuration = .minutes(15), minimumPasswordLength: Int = 8) {
        self.holdTTL = holdTTL
        self.holdStrategy = holdStrategy
        self.maxSeatsPerPurchase = maxSeatsPerPurchase
        self.turnaround = turnaround
        self.minimumPasswordLength = minimumPasswordLength
    }
}

/// A successful command's answer.
public struct CommandResponse: Hashable, Sendable {
    /// HTTP status: 201 for a creation, 200 otherwise.
    public var httpStatus: Int
    /// Id of the resource created or changed.
    public var resourceId: Int64
    /// For purchase commands: the purchase's state after the command.
    public var purchaseState: PurchaseState?
    /// For holds: when the hold expires (the platform schedules the ``Command/expireHold(purchaseId:)``
    /// sweeper at this instant plus its lag).
    public var holdExpiresAt: SimTime?
    /// For purchases: the amount in cents.
    public var amountCents: Int64
    /// True when an idempotent retry returned the original result without changing anything.
    public var replayed: Bool

    /// A response.
    public init(httpStatus: Int, resourceId: Int64, purchaseState: PurchaseState? = nil, holdExpiresAt: SimTime? = nil,
                amountCents: Int64 = 0, replayed: Bool = false) {
        self.httpStatus = httpStatus; self.resourceId = resourceId; self.purchaseState = purchaseState
        self.holdExpiresAt = holdExpiresAt; self.amountCents = amountCents; self.replayed = replayed
    }

    /// The response describing `purchase` as it is.
    public static func purchase(_ p: Purchase, status: Int = 200, replayed: Bool = false) -> CommandResponse {
        CommandResponse(httpStatus: status, resourceId: p.id.rawValue, purchaseState: p.state,
                        holdExpiresAt: p.holdExpiresAt, amountCents: p.amountCents, replayed: replayed)
    }
}

/// What a handler wants next.
public enum Step: Hashable, Sendable {
    /// Execute this store operation (with its latency) and call ``CommandHandler/next(lastResult:now:)``
    /// again with its result.
    case store(StoreOperation)
    /// The command finished: the answer and the events to publish to the query side (events may
    /// accompany a failure, e.g. the refund of a payment that arrived after its hold expired).
    case done(Result<CommandResponse, DomainError>, events: [DomainEvent])
}
