import SimulationPrimitives

/// Lifecycle of a purchase (Compra): `HELD → PAID → CONFIRMED`, or `RELEASED` (the buyer let the
/// hold go), `EXPIRED` (the hold's TTL passed), `CANCELLED` (cancelled before payment) and
/// `REFUNDED` (money returned: cancelled after payment, or a payment that arrived after the seats
/// were gone — reference §4.2 race 5, big-neon #342). Matches the reference's derived order
/// machine (§4.1) with PENDING_PAYMENT named HELD.
public enum PurchaseState: UInt8, Sendable, CaseIterable {
    /// Seats held, awaiting payment.
    case held = 0
    /// Payment captured, awaiting confirmation.
    case paid = 1
    /// Seats sold (tickets issued).
    case confirmed = 2
    /// The customer released the hold.
    case released = 3
    /// The hold's TTL passed before payment.
    case expired = 4
    /// Cancelled before payment.
    case cancelled = 5
    /// Payment returned.
    case refunded = 6

    /// Whether no further transition is possible.
    public var isTerminal: Bool { self.rawValue >= PurchaseState.confirmed.rawValue && self != .confirmed }
    /// Lower-case name as shown by the API (`held`, `paid`, …).
    public var name: String {
        switch self {
        case .held: "held"; case .paid: "paid"; case .confirmed: "confirmed"; case .released: "released"
        case .expired: "expired"; case .cancelled: "cancelled"; case .refunded: "refunded"
        }
    }
}

/// A purchase document (collection `purchases`, shard key `_id` hashed).
///
/// Its id is the client's **idempotency key** and the **hold id**: a retried hold inserts the same
/// id, hits the unique `_id`, and gets the original purchase back instead of a second hold; a
/// retried confirm finds `confirmed` and returns the original result (issue 4).
public struct Purchase: Hashable, Sendable {
    /// Idempotency key, purchase id and hold id in one.
    public var id: PurchaseID
    /// The buying user.
    public var customerId: UserID
    /// The showtime.
    public var showtimeId: ShowtimeID
    /// The showtime's cinema.
    public var cinemaId: CinemaID
    /// Seat indices, sorted ascending, no duplicates.
    public var seats: [UInt16]
    /// Total price in cents, fixed at hold time.
    public var amountCents: Int64
    /// Lifecycle state.
    public var state: PurchaseState
    /// When the hold stops protecting the seats.
    public var holdExpiresAt: SimTime
    /// When the hold was placed.
    public var createdAt: SimTime
    /// Payment reference of the captured payment (0 = none yet).
    public var paymentReference: Int64 = 0
    /// Optimistic-concurrency version; confirm and pay update only the version they read.
    public var version: UInt64 = 0

    /// A new purchase in `held`.
    public init(id: PurchaseID, customerId: UserID, showtimeId: ShowtimeID, cinemaId: CinemaID, seats: [UInt16],
                amountCents: Int64, holdExpiresAt: SimTime, createdAt: SimTime) {
        self.id = id; self.customerId = customerId; self.showtimeId = showtimeId; self.cinemaId = cinemaId
        self.seats = seats; self.amountCents = amountCents; self.state = .held
        self.holdExpiresAt = holdExpiresAt; self.createdAt = createdAt
    }
}
