import SimulationPrimitives

/// One broken sale invariant, with where it broke.
public struct InvariantViolation: Hashable, Sendable, CustomStringConvertible {
    /// Which invariant.
    public enum Kind: UInt8, Hashable, Sendable {
        /// Two confirmed purchases claim the same (showtime, seat): the seat was sold twice (F16).
        case seatConfirmedTwice
        /// More seats confirmed or marked sold than the showtime offers (F16 "sold ≤ offered").
        case soldExceedsCapacity
        /// A confirmed purchase's seat is not sold to it in the inventory (an acknowledged confirm lost or overwritten).
        case confirmedSeatNotSold
        /// A sold seat whose holder is not a confirmed purchase (checked only when quiescent).
        case soldSeatWithoutConfirmedPurchase
        /// A paid purchase neither confirmed nor refunded (checked only when quiescent).
        case paidPurchaseUnsettled
    }
    /// Which invariant broke.
    public var kind: Kind
    /// The showtime concerned.
    public var showtime: ShowtimeID
    /// The seat concerned, when one.
    public var seat: UInt16?
    /// The purchase concerned, when one.
    public var purchase: PurchaseID?

    /// E.g. `seatConfirmedTwice showtime 4 seat 17 purchase 90`.
    public var description: String {
        "\(kind) showtime \(showtime)" + (seat.map { " seat \($0)" } ?? "") + (purchase.map { " purchase \($0)" } ?? "")
    }
}

/// The result of ``DocumentStore/checkInvariants(quiescent:)``: violations plus the sale counts a
/// report shows (seats offered/held/sold).
public struct InvariantReport: Hashable, Sendable {
    /// Every violation found, in showtime then purchase order.
    public var violations: [InvariantViolation]
    /// Seats offered over all showtimes (non-gap positions).
    public var seatsOffered: Int
    /// Seats held by an unexpired hold at the `now` given to the check (0 without one).
    public var seatsHeld: Int
    /// Seats marked sold in inventories.
    public var seatsSold: Int
    /// Seats claimed by confirmed purchases (equals `seatsSold` when nothing is oversold).
    public var seatsConfirmed: Int
    /// Purchases in `confirmed`.
    public var confirmedPurchases: Int
    /// Seats confirmed beyond one per (showtime, seat): the oversold count (budget `oversold == 0`).
    public var oversold: Int
    /// Whether no invariant broke.
    public var holds: Bool { violations.isEmpty }
}

extension DocumentStore {
    /// Checks the sale invariants over the whole store (DESIGN §2 "Invariants are checked";
    /// case F16 measurable checks; issue 4):
    /// - no (showtime, seat) is claimed by two confirmed purchases;
    /// - per showtime, seats sold and seats confirmed ≤ seats offered;
    /// - every confirmed purchase's seats are sold to it (no acknowledged confirm lost);
    /// - when `quiescent` (no command in flight, every expired hold swept): every sold seat belongs
    ///   to a confirmed purchase, and every paid purchase is confirmed or refunded.
    ///
    /// `now`, when given, is used only to count seats held by unexpired holds (``InvariantReport/seatsHeld``).
    ///
    /// Cost: one pass over purchases and inventories, sorted by `_id`; meant for checkpoints and
    /// the end of a run, not per request.
    public func checkInvariants(quiescent: Bool = false, now: SimTime? = nil) -> InvariantReport {
        var violations: [InvariantViolation] = []
        // Seats claimed by a confirmed purchase so far: one bit per seat per showtime (a dictionary
        // entry per sold seat was the largest allocation at the end of a long run, when memory peaks).
        var claims = SeatClaims()
        var confirmedSeatsPerShowtime: [Int64: Int] = [:]
        var confirmedPurchases = 0, seatsConfirmed = 0, oversold = 0
        // One purchase at a time (no array of every purchase: this runs at the end of a long run,
        // when memory peaks).
        for k in keys(.purchases) {
            guard case .purchase(let p)? = document(.purchases, key: k) else { continue }
            switch p.state {
            case .confirmed:
                confirmedPurchases += 1
                seatsConfirmed += p.seats.count
                confirmedSeatsPerShowtime[p.showtimeId.rawValue, default: 0] += p.seats.count
                let inventory: SeatInventory? = {
                    if case .seatInventory(let inv)? = document(.seatInventories, key: p.showtimeId.rawValue) { return inv }
                    return nil
                }()
                for seat in p.seats {
                    if !claims.claim(showtime: p.showtimeId.rawValue, seat: seat) {
                        oversold += 1
                        violations.append(InvariantViolation(kind: .seatConfirmedTwice, showtime: p.showtimeId, seat: seat, purchase: p.id))
                    }
                    if let inv = inventory, !(inv.isSellable(seat) && inv.isSold(seat, to: p.id)) {
                        violations.append(InvariantViolation(kind: .confirmedSeatNotSold, showtime: p.showtimeId, seat: seat, purchase: p.id))
                    }
                }
            case .paid where quiescent:
                violations.append(InvariantViolation(kind: .paidPurchaseUnsettled, showtime: p.showtimeId, seat: nil, purchase: p.id))
            default:
                break
            }
        }
        var offered = 0, sold = 0, held = 0
        for k in keys(.seatInventories) {
            guard case .seatInventory(let inv)? = document(.seatInventories, key: k) else { continue }
            let capacity = inv.capacity
            let soldHere = inv.soldCount
            offered += capacity
            sold += soldHere
            if let now {
                for i in 0..<inv.state.count where inv.state[i] == .held && inv.holdExpiresAt[i] > now.nanosecondsSinceStart { held += 1 }
            }
            if soldHere > capacity || confirmedSeatsPerShowtime[k, default: 0] > capacity {
                violations.append(InvariantViolation(kind: .soldExceedsCapacity, showtime: inv.showtimeId, seat: nil, purchase: nil))
            }
            if quiescent {
                for i in 0..<inv.state.count where inv.state[i] == .sold {
                    let owner = PurchaseID(inv.holder[i])
                    var ok = false
                    if case .purchase(let p)? = document(.purchases, key: owner.rawValue) { ok = p.state == .confirmed }
                    if !ok {
                        violations.append(InvariantViolation(kind: .soldSeatWithoutConfirmedPurchase, showtime: inv.showtimeId,
                                                             seat: UInt16(i), purchase: owner))
                    }
                }
            }
        }
        return InvariantReport(violations: violations, seatsOffered: offered, seatsHeld: held, seatsSold: sold, seatsConfirmed: seatsConfirmed,
                               confirmedPurchases: confirmedPurchases, oversold: oversold)
    }
}

/// The (showtime, seat) pairs claimed so far by the invariant check: a bit set of seats per showtime.
struct SeatClaims {
    private var bitsByShowtime: [Int64: [UInt64]] = [:]

    /// Marks `seat` of `showtime` claimed; false when it already was.
    mutating func claim(showtime: Int64, seat: UInt16) -> Bool {
        let word = Int(seat) >> 6, bit = UInt64(1) << UInt64(seat & 63)
        return bitsByShowtime[showtime, default: []].withClaim(word: word, bit: bit)
    }
}

private extension Array where Element == UInt64 {
    /// Sets `bit` of word `word` (growing the array as needed); whether it was clear.
    mutating func withClaim(word: Int, bit: UInt64) -> Bool {
        if word >= count { append(contentsOf: repeatElement(0, count: word + 1 - count)) }
        if self[word] & bit != 0 { return false }
        self[word] |= bit
        return true
    }
}
