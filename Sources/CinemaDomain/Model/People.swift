import SimulationPrimitives

/// Roles a user holds, as a bit set (no allocation). The gateway has already validated the token;
/// the domain decides what each role may do.
public struct Roles: OptionSet, Hashable, Sendable {
    /// Raw bits.
    public var rawValue: UInt8
    /// Roles from raw bits.
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Buys tickets (Cliente).
    public static let customer = Roles(rawValue: 1)
    /// Runs one or more cinemas (Encargado).
    public static let manager = Roles(rawValue: 2)
    /// Chain administrator: manages chains, cinemas, movies, users and manager assignments.
    public static let admin = Roles(rawValue: 4)
}

/// Who issues a command or query: the authenticated user and the roles in their token.
public struct Actor: Hashable, Sendable {
    /// The authenticated user.
    public var userId: UserID
    /// Roles from the access token.
    public var roles: Roles
    /// An actor.
    public init(userId: UserID, roles: Roles) { self.userId = userId; self.roles = roles }
    /// The anonymous caller (user id 0, no roles): allowed only to register and to read public data.
    public static let anonymous = Actor(userId: UserID(0), roles: [])
}

/// A user account (Usuario) with credentials and roles. Credentials are stored as a digest
/// (`credentialDigest`), never as the password itself; the OAuth server (Authorization module)
/// owns token issuance, this document is what it checks passwords against.
public struct User: Hashable, Sendable {
    /// Document id.
    public var id: UserID
    /// Unique login name (unique index `users.username`).
    public var username: String
    /// Digest of the password: FNV-1a 64 of `username + ":" + password` (a stand-in for a real
    /// password hash such as PBKDF2; the simulation needs equality, not secrecy).
    public var credentialDigest: UInt64
    /// Granted roles.
    public var roles: Roles
    /// Deactivated users cannot act.
    public var active = true
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A user document.
    public init(id: UserID, username: String, credentialDigest: UInt64, roles: Roles) {
        self.id = id; self.username = username; self.credentialDigest = credentialDigest; self.roles = roles
    }
    /// The digest stored for `password` of `username`.
    public static func digest(username: String, password: String) -> UInt64 {
        StableHash.fnv1a64(username + ":" + password)
    }
    /// Whether `password` matches the stored digest.
    public func verify(password: String) -> Bool { credentialDigest == User.digest(username: username, password: password) }
}

/// A customer (Cliente): the buying profile of a user, same id as the user.
public struct CustomerProfile: Hashable, Sendable {
    /// Same as the user's id.
    public var id: UserID
    /// Full name.
    public var name: String
    /// Contact e-mail.
    public var email: String
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A customer document.
    public init(id: UserID, name: String, email: String) { self.id = id; self.name = name; self.email = email }
}

/// A manager (Encargado): the staff profile of a user, same id as the user. `cinemaIds` mirrors
/// ``Cinema/managerIds`` for the "manager's cinemas" query; the cinema document is the authority.
public struct ManagerProfile: Hashable, Sendable {
    /// Same as the user's id.
    public var id: UserID
    /// Full name.
    public var name: String
    /// Cinemas this manager runs, sorted by id.
    public var cinemaIds: [CinemaID] = []
    /// Optimistic-concurrency version.
    public var version: UInt64 = 0
    /// A manager document.
    public init(id: UserID, name: String, cinemaIds: [CinemaID] = []) { self.id = id; self.name = name; self.cinemaIds = cinemaIds }
}
