/// A typed integer identifier: `EntityID<Cinema>` and `EntityID<Movie>` are different types, so a
/// cinema id is never passed where a movie id is expected, yet each is one `Int64` (no allocation).
///
/// ```swift
/// let cine = CinemaID(7)
/// let sala = AuditoriumID(701)
/// cine.rawValue   // 7
/// ```
///
/// Ids are chosen by the caller (the catalogue generator, or the platform's per-service counter
/// for created entities), never by the domain, so runs stay deterministic.
public struct EntityID<Kind>: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The id as stored in the `_id` field of the entity's document.
    public var rawValue: Int64
    /// The id `rawValue`.
    @inlinable public init(_ rawValue: Int64) { self.rawValue = rawValue }
    @inlinable public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
    /// The decimal id.
    public var description: String { String(rawValue) }
}

/// Id of a ``Chain`` (Cadena).
public typealias ChainID = EntityID<Chain>
/// Id of a ``Cinema`` (Cine).
public typealias CinemaID = EntityID<Cinema>
/// Id of an ``Auditorium`` (Sala).
public typealias AuditoriumID = EntityID<Auditorium>
/// Id of a ``Movie`` (Pelicula).
public typealias MovieID = EntityID<Movie>
/// Id of a ``Showtime`` (Funcion). The showtime's ``SeatInventory`` shares this id.
public typealias ShowtimeID = EntityID<Showtime>
/// Id of a ``User`` (Usuario). A ``CustomerProfile`` or ``ManagerProfile`` shares its user's id.
public typealias UserID = EntityID<User>
/// Id of a ``Purchase`` (Compra). It doubles as the purchase's **idempotency key** and as the
/// **hold id** that owns its seats while they are held (one hold per purchase).
public typealias PurchaseID = EntityID<Purchase>
