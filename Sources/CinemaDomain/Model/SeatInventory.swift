import SimulationPrimitives

/// State of one seat of one showtime (reference §4.1 derived seat state machine:
/// `AVAILABLE → HELD(holdId, expiresAt) → SOLD`, `HELD → AVAILABLE` on expiry or release,
/// `SOLD → AVAILABLE` after a refund, `BLOCKED` by staff).
public enum SeatState: UInt8, Sendable {
    /// Free to hold.
    case available = 0
    /// Held by a purchase until its expiry.
    case held = 1
    /// Sold to a purchase.
    case sold = 2
    /// Not for sale (gaps; staff blocks).
    case blocked = 3
}

/// The per-seat sale state of one showtime: the `seat_inventories` document, shard key
/// `showtimeId` (reference §1.2 [derived] "Cinema": every hold, buy or release of one showtime is a
/// targeted single-shard operation, and one document is updated atomically).
///
/// Compact by design (it sits in the hot path of every sale): three parallel arrays indexed by
/// seat index, no per-seat objects. `holder[i]` is the owning ``PurchaseID`` (the hold id) for held
/// and sold seats, 0 otherwise; `holdExpiresAt[i]` is the hold's expiry in ns for held seats.
///
/// **Expired holds count as available** (``isClaimable(_:now:)``) even if the sweeper has not yet
/// released them: availability never depends on the sweeper being on time (issue 4).
public struct SeatInventory: Hashable, Sendable {
    /// Same as the showtime's id; the shard-key value.
    public var showtimeId: ShowtimeID
    /// The showtime's cinema (for projections and checks).
    public var cinemaId: CinemaID
    /// Seat kinds (shares the auditorium layout's storage; copy-on-write).
    public var kinds: [SeatKind]
    /// Per-seat state.
    public var state: [SeatState]
    /// Per-seat owning purchase (hold id) raw value; 0 when available or blocked.
    public var holder: [Int64]
    /// Per-seat hold expiry in ns since the run start; meaningful only while `held`.
    public var holdExpiresAt: [Int64]
    /// Start of the showtime: no holds at or after it.
    public var startsAt: SimTime
    /// Prices per kind (copied from the showtime so a hold needs one read).
    public var prices: PriceTiers
    /// Set when the showtime is cancelled: nothing more is sold.
    public var cancelled = false
    /// Bumped by every modifying update (the version the platform may log).
    public var version: UInt64 = 0

    /// A fresh inventory: every seat available, gaps blocked.
    public init(showtimeId: ShowtimeID, cinemaId: CinemaID, layout: SeatLayout, startsAt: SimTime, prices: PriceTiers) {
        self.showtimeId = showtimeId
        self.cinemaId = cinemaId
        self.kinds = layout.kinds
        self.state = layout.kinds.map { $0.isSeat ? .available : .blocked }
        self.holder = Array(repeating: 0, count: layout.kinds.count)
        self.holdExpiresAt = Array(repeating: 0, count: layout.kinds.count)
        self.startsAt = startsAt
        self.prices = prices
    }

    /// Seats offered for sale (non-gap positions).
    public var capacity: Int { kinds.reduce(0) { $0 + ($1.isSeat ? 1 : 0) } }

    /// Whether `seat` exists and is a sellable position.
    @inlinable public func isSellable(_ seat: UInt16) -> Bool { Int(seat) < kinds.count && kinds[Int(seat)].isSeat }

    /// Whether `seat` can be held now: available, or held by a hold that has expired at `now`
    /// (expiry is exclusive: a hold expiring at `t` is gone at `t`).
    @inlinable public func isClaimable(_ seat: UInt16, now: SimTime) -> Bool {
        let i = Int(seat)
        switch state[i] {
        case .available: return true
        case .held: return holdExpiresAt[i] <= now.nanosecondsSinceStart
        case .sold, .blocked: return false
        }
    }

    /// Whether `seat` is held by `holdId` with an unexpired hold at `now`.
    @inlinable public func isHeld(_ seat: UInt16, by holdId: PurchaseID, now: SimTime) -> Bool {
        let i = Int(seat)
        return state[i] == .held && holder[i] == holdId.rawValue && holdExpiresAt[i] > now.nanosecondsSinceStart
    }

    /// Whether `seat` is sold to purchase `owner`.
    @inlinable public func isSold(_ seat: UInt16, to owner: PurchaseID) -> Bool {
        state[Int(seat)] == .sold && holder[Int(seat)] == owner.rawValue
    }

    /// Seats available at `now` (expired holds count as available).
    public func availableCount(now: SimTime) -> Int {
        var n = 0
        for i in 0..<state.count where isClaimable(UInt16(i), now: now) { n += 1 }
        return n
    }

    /// Seats sold.
    public var soldCount: Int { state.reduce(0) { $0 + ($1 == .sold ? 1 : 0) } }

    /// Total price of `seats` in cents.
    public func priceCents(of seats: [UInt16]) -> Int64 {
        seats.reduce(0) { $0 + prices.priceCents(of: kinds[Int($1)]) }
    }
}
