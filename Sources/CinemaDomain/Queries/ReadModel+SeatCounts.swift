import SimulationPrimitives

/// Per-showtime seat counts kept up to date at projection time, so a seat-map query needs no scan
/// when no hold has expired (performance round 3, docs/performance.md).
extension ReadModel.ShowtimeView {
    /// Seats of one hold expiry instant still held (a hold's seats share its expiry).
    struct HoldExpiry: Sendable, Equatable {
        /// Expiry in ns since the run start.
        var expiresAtNs: Int64
        /// Held seats with this expiry (> 0).
        var seats: Int32
    }

    /// A fresh view: every seat available, gaps blocked.
    init(showtime: Showtime, kinds: [SeatKind]) {
        self.showtime = showtime
        self.kinds = kinds
        self.state = kinds.map { $0.isSeat ? .available : .blocked }
        self.holder = Array(repeating: 0, count: kinds.count)
        self.holdExpiresAt = Array(repeating: 0, count: kinds.count)
        self.availableCount = state.reduce(0) { $0 + ($1 == .available ? 1 : 0) }
    }

    /// Earliest expiry of a held seat in ns, `Int64.max` when nothing is held.
    var earliestHoldExpiryNs: Int64 { holdExpiries.first?.expiresAtNs ?? .max }

    /// Sets seat `i` and keeps the counts and the expiry multiset in step with the arrays.
    /// `expiresAtNs` is stored as given (the projection stores 0 for seats not held).
    mutating func setSeat(_ i: Int, _ newState: SeatState, holder newHolder: Int64, expiresAtNs: Int64) {
        let old = state[i]
        adjustCount(old, by: -1)
        if old == .held { removeExpiry(holdExpiresAt[i]) }
        state[i] = newState
        holder[i] = newHolder
        holdExpiresAt[i] = expiresAtNs
        adjustCount(newState, by: 1)
        if newState == .held { addExpiry(expiresAtNs) }
    }

    private mutating func adjustCount(_ s: SeatState, by delta: Int) {
        switch s {
        case .available: availableCount += delta
        case .held: heldCount += delta
        case .sold: soldCount += delta
        case .blocked: break
        }
    }

    private mutating func addExpiry(_ ns: Int64) {
        let i = expiryIndex(ns)
        if i < holdExpiries.count && holdExpiries[i].expiresAtNs == ns {
            holdExpiries[i].seats += 1
        } else {
            holdExpiries.insert(HoldExpiry(expiresAtNs: ns, seats: 1), at: i)
        }
    }

    private mutating func removeExpiry(_ ns: Int64) {
        let i = expiryIndex(ns)
        precondition(i < holdExpiries.count && holdExpiries[i].expiresAtNs == ns, "held seat without its expiry entry")
        holdExpiries[i].seats -= 1
        if holdExpiries[i].seats == 0 { holdExpiries.remove(at: i) }
    }

    /// First entry whose expiry is not before `ns` (binary search).
    private func expiryIndex(_ ns: Int64) -> Int {
        var lo = 0, hi = holdExpiries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if holdExpiries[mid].expiresAtNs < ns { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

extension ReadModel {
    /// The maintained counts of a showtime's projection (available, held and sold seats as stored,
    /// ignoring expiry, and the earliest hold expiry in ns, `Int64.max` when nothing is held), or
    /// nil for an unknown showtime. For tests and checks: they always equal a scan of the seat map.
    public func seatCounts(_ showtime: ShowtimeID) -> (available: Int, held: Int, sold: Int, earliestHoldExpiryNs: Int64)? {
        guard let i = showtimes.slot(showtime.rawValue) else { return nil }
        let v = showtimes[slot: i]
        return (v.availableCount, v.heldCount, v.soldCount, v.earliestHoldExpiryNs)
    }

    /// The same four values computed by a full scan of the projected seat map (the reference the
    /// maintained counts are tested against), or nil for an unknown showtime.
    public func scannedSeatCounts(_ showtime: ShowtimeID) -> (available: Int, held: Int, sold: Int, earliestHoldExpiryNs: Int64)? {
        guard let i = showtimes.slot(showtime.rawValue) else { return nil }
        let v = showtimes[slot: i]
        var available = 0, held = 0, sold = 0, earliest = Int64.max
        for s in 0..<v.state.count {
            switch v.state[s] {
            case .available: available += 1
            case .held: held += 1; earliest = min(earliest, v.holdExpiresAt[s])
            case .sold: sold += 1
            case .blocked: break
            }
        }
        return (available, held, sold, earliest)
    }
}

extension ReadModel {
    /// Calls `body` with a showtime's projected seat states and per-seat hold expiries (ns since
    /// the run start; meaningful for `held` seats) in place, without building a ``ShowtimeDetail``
    /// (no copy of the map, no count). A seat is shown available at `now` when it is `available`,
    /// or `held` with expiry `<= now` — exactly ``answer(_:actor:now:)``'s `.showtime` seat map.
    /// - Returns: `body`'s result, or nil for an unknown showtime (the query's 404).
    public func withProjectedSeats<R>(_ showtime: ShowtimeID, _ body: ([SeatState], [Int64]) -> R) -> R? {
        guard let at = showtimes.slot(showtime.rawValue) else { return nil }
        return body(showtimes[slot: at].state, showtimes[slot: at].holdExpiresAt)
    }
}
