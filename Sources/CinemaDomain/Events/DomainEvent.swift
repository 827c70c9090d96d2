import SimulationPrimitives

/// The public view of a user on the query side: no credentials ever leave the command side.
public struct UserSummary: Hashable, Sendable {
    /// User id.
    public var id: UserID
    /// Login name.
    public var username: String
    /// Granted roles.
    public var roles: Roles
    /// Whether the account is active.
    public var active: Bool
    /// Version of the user document this summary was taken from.
    public var version: UInt64
    /// The summary of `user`.
    public init(_ user: User) {
        id = user.id; username = user.username; roles = user.roles; active = user.active; version = user.version
    }
}

/// A fact the command side publishes after a successful write; the query side's ``ReadModel`` is
/// built only from these (CQRS). Catalogue events carry the entity's new state (state-transfer
/// events with a version, so a projection applies each at most once and ignores stale ones);
/// seat events carry just the seats touched.
///
/// The platform delivers events to query services after the scenario's projection lag, in the
/// order each command emitted them.
public enum DomainEvent: Hashable, Sendable {
    /// A chain's new state.
    case chainSaved(Chain)
    /// A cinema's new state.
    case cinemaSaved(Cinema)
    /// An auditorium's new state.
    case auditoriumSaved(Auditorium)
    /// A movie's new state.
    case movieSaved(Movie)
    /// A showtime was scheduled or changed (cancelled). `kinds` is set only when it was scheduled,
    /// so the projection can build its seat map.
    case showtimeSaved(Showtime, kinds: [SeatKind]?)
    /// A user's new public state (no credentials).
    case userSaved(UserSummary)
    /// A customer profile's new state.
    case customerSaved(CustomerProfile)
    /// A manager profile's new state.
    case managerSaved(ManagerProfile)
    /// Seats were held by `purchase` until `expiresAt`.
    case seatsHeld(showtime: ShowtimeID, purchase: PurchaseID, seats: [UInt16], expiresAt: SimTime)
    /// Seats were sold to `purchase`.
    case seatsSold(showtime: ShowtimeID, purchase: PurchaseID, seats: [UInt16])
    /// Seats owned by `purchase` went back on sale.
    case seatsReleased(showtime: ShowtimeID, purchase: PurchaseID, seats: [UInt16])
    /// The purchase reached a new state (new document state).
    case purchaseSaved(Purchase)

    /// Short event type name for logs (`SeatsHeld`, …).
    public var typeName: String {
        switch self {
        case .chainSaved: "ChainSaved"; case .cinemaSaved: "CinemaSaved"; case .auditoriumSaved: "AuditoriumSaved"
        case .movieSaved: "MovieSaved"; case .showtimeSaved: "ShowtimeSaved"; case .userSaved: "UserSaved"
        case .customerSaved: "CustomerSaved"; case .managerSaved: "ManagerSaved"; case .seatsHeld: "SeatsHeld"
        case .seatsSold: "SeatsSold"; case .seatsReleased: "SeatsReleased"; case .purchaseSaved: "PurchaseSaved"
        }
    }

    /// The event that publishes a stored document's new state (nil for seat inventories, which are
    /// published through the seat events).
    public static func saved(_ document: DomainDocument) -> DomainEvent? {
        switch document {
        case .chain(let d): .chainSaved(d)
        case .cinema(let d): .cinemaSaved(d)
        case .auditorium(let d): .auditoriumSaved(d)
        case .movie(let d): .movieSaved(d)
        case .showtime(let d): .showtimeSaved(d, kinds: nil)
        case .seatInventory: nil
        case .user(let d): .userSaved(UserSummary(d))
        case .customer(let d): .customerSaved(d)
        case .manager(let d): .managerSaved(d)
        case .purchase(let d): .purchaseSaved(d)
        }
    }
}
