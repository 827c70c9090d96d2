/// The collections of the cinema database and the shard key of each (reference §1.2).
///
/// | collection | shard key | why |
/// |---|---|---|
/// | `chains`, `cinemas`, `auditoriums`, `movies`, `users`, `customers`, `managers` | `_id` hashed | small, read by id |
/// | `showtimes` | `cinemaId` | cartelera and overlap checks stay on one shard |
/// | `seatInventories` | `showtimeId` hashed | every hold/confirm/release of one showtime is targeted (§1.2 [derived]) |
/// | `purchases` | `_id` hashed | pay/confirm/release find by id on one shard; monotonic ids spread (§1.2 "Monotonic") |
///
/// ``StoreOperation/shardKeyValue`` carries the value so the platform's router can target the op;
/// `nil` means the op lacks the shard key and must be broadcast (scatter-gather, §1.1).
public enum StoreCollection: UInt8, Sendable, CaseIterable {
    /// The ten collections (see the table above).
    case chains, cinemas, auditoriums, movies, showtimes, seatInventories, users, customers, managers, purchases

    /// MongoDB collection name (snake case).
    public var name: String {
        switch self {
        case .chains: "chains"; case .cinemas: "cinemas"; case .auditoriums: "auditoriums"; case .movies: "movies"
        case .showtimes: "showtimes"; case .seatInventories: "seat_inventories"; case .users: "users"
        case .customers: "customers"; case .managers: "managers"; case .purchases: "purchases"
        }
    }

    /// Name of the shard-key field.
    public var shardKeyField: String {
        switch self {
        case .showtimes: "cinemaId"
        case .seatInventories: "showtimeId"
        default: "_id"
        }
    }

    /// Whether the shard key is hashed (even spread, equality targets one shard) rather than ranged.
    public var isShardKeyHashed: Bool { self != .showtimes }
}

/// One stored document of any collection: the typed payload the store keeps (no BSON engine).
public enum DomainDocument: Hashable, Sendable {
    /// A `chains` document.
    case chain(Chain)
    /// A `cinemas` document.
    case cinema(Cinema)
    /// An `auditoriums` document.
    case auditorium(Auditorium)
    /// A `movies` document.
    case movie(Movie)
    /// A `showtimes` document.
    case showtime(Showtime)
    /// A `seat_inventories` document.
    case seatInventory(SeatInventory)
    /// A `users` document.
    case user(User)
    /// A `customers` document.
    case customer(CustomerProfile)
    /// A `managers` document.
    case manager(ManagerProfile)
    /// A `purchases` document.
    case purchase(Purchase)

    /// The collection the document belongs to.
    public var collection: StoreCollection {
        switch self {
        case .chain: .chains; case .cinema: .cinemas; case .auditorium: .auditoriums; case .movie: .movies
        case .showtime: .showtimes; case .seatInventory: .seatInventories; case .user: .users
        case .customer: .customers; case .manager: .managers; case .purchase: .purchases
        }
    }

    /// The `_id` value.
    public var key: Int64 {
        switch self {
        case .chain(let d): d.id.rawValue; case .cinema(let d): d.id.rawValue; case .auditorium(let d): d.id.rawValue
        case .movie(let d): d.id.rawValue; case .showtime(let d): d.id.rawValue; case .seatInventory(let d): d.showtimeId.rawValue
        case .user(let d): d.id.rawValue; case .customer(let d): d.id.rawValue; case .manager(let d): d.id.rawValue
        case .purchase(let d): d.id.rawValue
        }
    }

    /// The value of the collection's shard-key field (see ``StoreCollection``).
    public var shardKeyValue: Int64 {
        switch self {
        case .showtime(let d): d.cinemaId.rawValue
        default: key
        }
    }

    /// The optimistic-concurrency version.
    public var version: UInt64 {
        get {
            switch self {
            case .chain(let d): d.version; case .cinema(let d): d.version; case .auditorium(let d): d.version
            case .movie(let d): d.version; case .showtime(let d): d.version; case .seatInventory(let d): d.version
            case .user(let d): d.version; case .customer(let d): d.version; case .manager(let d): d.version
            case .purchase(let d): d.version
            }
        }
        set {
            switch self {
            case .chain(var d): d.version = newValue; self = .chain(d)
            case .cinema(var d): d.version = newValue; self = .cinema(d)
            case .auditorium(var d): d.version = newValue; self = .auditorium(d)
            case .movie(var d): d.version = newValue; self = .movie(d)
            case .showtime(var d): d.version = newValue; self = .showtime(d)
            case .seatInventory(var d): d.version = newValue; self = .seatInventory(d)
            case .user(var d): d.version = newValue; self = .user(d)
            case .customer(var d): d.version = newValue; self = .customer(d)
            case .manager(var d): d.version = newValue; self = .manager(d)
            case .purchase(var d): d.version = newValue; self = .purchase(d)
            }
        }
    }
}
