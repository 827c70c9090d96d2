import SimulationPrimitives

/// The query side: read models (projections) of every resource, built **only** from
/// ``DomainEvent``s (CQRS). The platform applies each event after the scenario's projection lag, so
/// what a query sees may be stale; the command side alone decides sales.
///
/// ```swift
/// var reads = ReadModel()
/// for e in catalogue.events { reads.apply(e) }
/// let carte = reads.answer(.cartelera(CinemaID(1), dayStart: .zero), actor: .anonymous, now: now)
/// ```
///
/// Snapshot events apply only when newer than what is stored (version check), so duplicated or
/// re-delivered events are harmless. Indexes are sorted arrays, so answers are deterministic and
/// day/range lookups are binary searches.
public struct ReadModel: Sendable {
    // Entities by id. Catalogue ids are small (one counter from 1), so the tables read by every
    // request are `IDTable`s: an array index instead of a hashed probe (round 4).
    var chains: [Int64: Chain] = [:]
    var cinemas = IDTable<Cinema>()
    var auditoriums = IDTable<Auditorium>()
    var movies = IDTable<Movie>()
    var showtimes = IDTable<ShowtimeView>()
    var users = IDTable<UserSummary>()
    var customers = IDTable<CustomerProfile>()
    var managers = IDTable<ManagerProfile>()
    /// Purchases take run-time ids (above 1,000,000, from one counter): records in a
    /// ``PurchaseTable`` (dense, no hash table: issue 6, memory).
    var purchases = PurchaseTable()

    var chainIds: [Int64] = []
    var movieIds: [Int64] = []
    var cinemasByChain: [Int64: [Int64]] = [:]
    var auditoriumsByCinema: [Int64: [Int64]] = [:]
    /// Per cinema: (start ns, showtime id), sorted.
    var showtimesByCinema: [Int64: [TimedID]] = [:]
    /// Per movie: (start ns, showtime id), sorted.
    var showtimesByMovie: [Int64: [TimedID]] = [:]
    /// Per customer id (catalogue ids: dense): purchase ids, ascending.
    var purchasesByCustomer = IDTable<[Int64]>()
    /// Per movie id: its position in the order by `(title, id)` of all projected movies, so a
    /// cartelera sorts by integer rank instead of comparing titles (recomputed on `movieSaved`).
    var movieRank: [Int64: Int] = [:]

    /// Per cinema id (as indexed in ``showtimesByCinema``): the cartelera of every day that has a
    /// showtime there, kept at projection time (`ReadModel+DayCaches.swift`).
    var carteleras = IDTable<DayCache<[CarteleraEntry]>>()
    /// The movies showing on every day that has a showtime, kept at projection time.
    var moviesShowingByDay = DayCache<[Movie]>()
    /// Set while ``apply(contentsOf:)`` loads a batch: the day caches are rebuilt once at its end.
    var deferringDayCaches = false

    /// Events applied so far.
    public internal(set) var appliedEventCount = 0

    /// An empty read model.
    public init() {}

    /// A showtime's projected seat map.
    struct ShowtimeView: Sendable {
        var showtime: Showtime
        var kinds: [SeatKind]
        var state: [SeatState]
        var holder: [Int64]
        var holdExpiresAt: [Int64]
        /// Seats `available` in `state` (expiry ignored); kept by ``setSeat(_:_:holder:expiresAtNs:)``.
        var availableCount = 0
        /// Seats `held` in `state` (expiry ignored).
        var heldCount = 0
        /// Seats `sold` in `state`.
        var soldCount = 0
        /// Expiries of the held seats with their seat counts, by expiry (a multiset; a hold's seats
        /// share one entry), so the earliest expiry is the first entry.
        var holdExpiries: [HoldExpiry] = []
        /// Cinema and start (ns) of the first projected version: where ``showtimesByCinema`` and
        /// ``showtimesByMovie`` index the showtime (later versions do not move it), hence which
        /// day caches a later version changes.
        var indexedCinemaId: Int64 = 0
        var indexedStartNs: Int64 = 0
    }

    /// A sortable (start time, id) pair.
    struct TimedID: Comparable, Sendable {
        var startNs: Int64
        var id: Int64
        static func < (a: TimedID, b: TimedID) -> Bool { (a.startNs, a.id) < (b.startNs, b.id) }
    }
}

extension Array where Element: Comparable {
    /// Index of the first element not less than `value` (binary search on a sorted array).
    func lowerBound(_ value: Element) -> Int {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Inserts `value` keeping the array sorted, unless already present.
    mutating func insertSorted(_ value: Element) {
        let i = lowerBound(value)
        if i < count && self[i] == value { return }
        insert(value, at: i)
    }
}
