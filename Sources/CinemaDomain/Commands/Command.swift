import SimulationPrimitives

/// Every write the nine `-command` services accept. Ids of created entities are chosen by the
/// caller (platform counter or generator) so runs are deterministic; a purchase id is the client's
/// idempotency key.
public enum Command: Hashable, Sendable {
    // Cadena (admin)
    /// Create a chain (admin). 201; 409 if the id exists; 422 empty name.
    case createChain(id: ChainID, name: String)
    /// Rename a chain (admin). 404; 409 on a concurrent edit.
    case renameChain(id: ChainID, name: String)
    // Cine (admin creates/retires; admin or the cinema's manager updates)
    /// Create a cinema in a chain (admin). 404 unknown chain.
    case createCinema(id: CinemaID, chainId: ChainID, name: String, city: String)
    /// Change a cinema's name and city (admin, or a manager of that cinema). 409 if retired.
    case updateCinema(id: CinemaID, name: String, city: String)
    /// Retire a cinema (admin): no new auditoriums or showtimes.
    case retireCinema(id: CinemaID)
    // Encargado (admin)
    /// Make an existing user a manager (admin): adds the manager role and an Encargado profile.
    case createManager(userId: UserID, name: String)
    /// Assign a manager to a cinema (admin); idempotent.
    case assignManager(userId: UserID, cinemaId: CinemaID)
    /// Remove a manager from a cinema (admin); idempotent.
    case unassignManager(userId: UserID, cinemaId: CinemaID)
    // Sala (the cinema's manager only)
    /// Create an auditorium with a validated layout (the cinema's manager only).
    case createAuditorium(id: AuditoriumID, cinemaId: CinemaID, name: String, layout: SeatLayout)
    /// Rename or re-lay-out an auditorium (the cinema's manager only). Existing showtimes keep their inventory.
    case updateAuditorium(id: AuditoriumID, name: String, layout: SeatLayout)
    /// Retire an auditorium (the cinema's manager only).
    case retireAuditorium(id: AuditoriumID)
    // Pelicula (admin)
    /// Add a movie (admin). 422 empty title or runtime outside 1…600 min.
    case createMovie(id: MovieID, title: String, runtimeMinutes: Int, rating: String)
    /// Edit a movie (admin).
    case updateMovie(id: MovieID, title: String, runtimeMinutes: Int, rating: String)
    /// Retire a movie (admin): it can no longer be scheduled.
    case retireMovie(id: MovieID)
    // Funcion (the cinema's manager only)
    /// Schedule a showtime and create its seat inventory (the cinema's manager only). 409 if it
    /// overlaps another showtime of the auditorium (turnaround included) or anything is retired;
    /// 422 for a start in the past or bad prices.
    case scheduleShowtime(id: ShowtimeID, auditoriumId: AuditoriumID, movieId: MovieID, startsAt: SimTime, prices: PriceTiers)
    /// Cancel a showtime (the cinema's manager only): its inventory stops selling.
    case cancelShowtime(id: ShowtimeID)
    // Usuario
    /// Register an account with the customer role (anyone). 409 if the username exists; 422 short password.
    case registerUser(id: UserID, username: String, password: String)
    /// Change one's own password. 403 for another user; 422 wrong old or short new password.
    case changePassword(id: UserID, oldPassword: String, newPassword: String)
    /// Replace a user's roles (admin).
    case setRoles(id: UserID, roles: Roles)
    /// Deactivate a user (admin).
    case deactivateUser(id: UserID)
    // Cliente (the user themself)
    /// Create the acting user's customer profile. 422 bad e-mail.
    case registerCustomer(name: String, email: String)
    /// Edit the acting user's customer profile.
    case updateCustomer(name: String, email: String)
    // Compra (the customer who owns the purchase; `expireHold` is the platform's sweeper)
    /// Hold seats for `holdTTL` (customers). 201 with the hold's expiry; 409 seat taken or not on
    /// sale; 422 bad seats; a retry with the same purchase id returns the original (200, replayed).
    case holdSeats(purchaseId: PurchaseID, showtimeId: ShowtimeID, seats: [UInt16])
    /// Record the payment of a held purchase (its customer). After the hold is gone: refund, 410.
    case payPurchase(purchaseId: PurchaseID, paymentReference: Int64)
    /// Sell the held seats of a paid purchase (its customer). 410 + refund if the hold expired;
    /// a retried confirm returns the original result.
    case confirmPurchase(purchaseId: PurchaseID)
    /// Give held seats back (its customer).
    case releaseHold(purchaseId: PurchaseID)
    /// Cancel a purchase (its customer or an admin): held → cancelled; paid/confirmed → refunded.
    case cancelPurchase(purchaseId: PurchaseID)
    /// The platform's sweeper, run at the hold's expiry plus its lag: held → expired, paid but
    /// unconfirmed → refunded, anything else unchanged (200, replayed).
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
