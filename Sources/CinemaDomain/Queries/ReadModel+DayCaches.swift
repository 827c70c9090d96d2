import SimulationPrimitives

/// Answers kept per calendar day (a day is `[d × 24 h, (d + 1) × 24 h)` since the run start), sorted
/// by day: a cinema's cartelera, the movies showing. Few days are ever cached (the catalogue's
/// days plus the days managers schedule into), so a binary search over a small array.
struct DayCache<Value>: Sendable where Value: Sendable {
    /// Cached days, ascending.
    private(set) var days: [Int64] = []
    /// The value of each day in ``days``.
    private(set) var values: [Value] = []

    /// The value cached for `day`, or nil.
    @inline(__always) func value(day: Int64) -> Value? {
        let i = index(day)
        return i < days.count && days[i] == day ? values[i] : nil
    }

    /// Whether `day` has an entry.
    func contains(day: Int64) -> Bool { let i = index(day); return i < days.count && days[i] == day }

    /// Stores `value` for `day` (inserting the day if new).
    mutating func set(day: Int64, _ value: Value) {
        let i = index(day)
        if i < days.count && days[i] == day { values[i] = value } else { days.insert(day, at: i); values.insert(value, at: i) }
    }

    /// Calls `body` on every cached value in place.
    mutating func modifyAll(_ body: (inout Value) -> Void) {
        for i in values.indices { body(&values[i]) }
    }

    private func index(_ day: Int64) -> Int {
        var lo = 0, hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// Carteleras and "movies showing" kept per day at projection time (performance round 4,
/// docs/performance.md), so the two hottest catalogue reads return a stored array instead of
/// walking the day's showtimes with a look-up per showtime and movie.
///
/// Each cached value is computed by the same scan a query for an arbitrary range uses
/// (``scanCartelera(cinema:dayStartNs:)``, ``scanMoviesShowing(fromNs:toNs:)``), and recomputed
/// whenever an event changes what that scan reads: `showtimeSaved` (a new showtime, or a new
/// version: cancelled, other movie) recomputes its indexed (cinema, day) cartelera and that day's
/// movies; `movieSaved` of a new movie (its showtimes may now show) or with a new title (the order)
/// recomputes every cached day, and with the same title only replaces the stored `Movie` values.
/// Seat events and other entities do not enter these answers (a cartelera's unknown-cinema 404 is
/// checked at query time). Tested against the pre-round-3 algorithm in `DayCachePropertyTests`.
extension ReadModel {
    /// Nanoseconds in a day.
    static let dayNs: Int64 = 86_400 * 1_000_000_000

    /// The day containing instant `ns` (floor division, so negative instants are on negative days).
    static func day(containing ns: Int64) -> Int64 {
        let q = ns / dayNs
        return ns % dayNs < 0 ? q - 1 : q
    }

    /// The day that starts exactly at `ns`, or nil if `ns` is not a day boundary.
    static func day(startingAt ns: Int64) -> Int64? {
        ns % dayNs == 0 ? ns / dayNs : nil
    }

    /// The stored cartelera of `cinema` on `day` (empty when it has no showtime that day).
    func cachedCartelera(cinema: Int64, day: Int64) -> [CarteleraEntry] {
        guard let s = carteleras.slot(cinema) else { return [] }
        return carteleras[slot: s].value(day: day) ?? []
    }

    /// The stored movies showing on `day` (empty when no showtime starts that day).
    func cachedMoviesShowing(day: Int64) -> [Movie] { moviesShowingByDay.value(day: day) ?? [] }

    /// A showtime indexed at (`cinema`, `startNs`) was projected (new or a new version): recompute
    /// the day caches it is part of (or only reserve them while a batch defers the work).
    mutating func showtimeChanged(cinema: Int64, startNs: Int64) {
        let day = Self.day(containing: startNs)
        if !carteleras.contains(cinema) { carteleras[cinema] = DayCache() }
        if deferringDayCaches {
            if !carteleras[slot: carteleras.slot(cinema)!].contains(day: day) { carteleras.modify(cinema) { $0.set(day: day, []) } }
            if !moviesShowingByDay.contains(day: day) { moviesShowingByDay.set(day: day, []) }
            return
        }
        refreshCartelera(cinema: cinema, day: day)
        moviesShowingByDay.set(day: day, scanMoviesShowing(fromNs: day * Self.dayNs, toNs: (day + 1) * Self.dayNs))
    }

    /// Recomputes every cached day (a movie changed, or a deferred batch ended).
    mutating func refreshAllDayCaches() {
        guard !deferringDayCaches else { return }
        for slot in 0..<carteleras.count {
            let cinema = carteleras.ids[slot]
            for day in carteleras[slot: slot].days { refreshCartelera(cinema: cinema, day: day) }
        }
        for day in moviesShowingByDay.days {
            moviesShowingByDay.set(day: day, scanMoviesShowing(fromNs: day * Self.dayNs, toNs: (day + 1) * Self.dayNs))
        }
    }

    /// A new version of a projected movie with its title unchanged: its rank, and so the order and
    /// membership of every cached answer, stay the same; only the stored `Movie` values are replaced
    /// (what the scans would now read from ``movies``).
    mutating func replaceMovieInDayCaches(_ m: Movie) {
        guard !deferringDayCaches else { return }
        for slot in 0..<carteleras.count {
            carteleras[slot: slot].modifyAll { entries in
                for k in entries.indices where entries[k].movie.id == m.id { entries[k].movie = m }
            }
        }
        moviesShowingByDay.modifyAll { showing in
            for k in showing.indices where showing[k].id == m.id { showing[k] = m }
        }
    }

    private mutating func refreshCartelera(cinema: Int64, day: Int64) {
        let entries = scanCartelera(cinema: cinema, dayStartNs: day * Self.dayNs)
        carteleras.modify(cinema) { $0.set(day: day, entries) }
    }

    /// Applies `events` in order, recomputing the day caches once at the end instead of after each
    /// showtime and movie (catalogue loading). Same resulting model as applying them one by one.
    public mutating func apply<S: Sequence>(contentsOf events: S) where S.Element == DomainEvent {
        let wasDeferring = deferringDayCaches
        deferringDayCaches = true
        for event in events { apply(event) }
        deferringDayCaches = wasDeferring
        refreshAllDayCaches()
    }

    /// ``apply(contentsOf:)`` for an array (the catalogue's events): the generic version is not
    /// specialised across the module boundary, so each element went through the `Sequence`
    /// witnesses (~500 instructions per event; round 7).
    public mutating func apply(contentsOf events: [DomainEvent]) {
        let wasDeferring = deferringDayCaches
        deferringDayCaches = true
        for i in events.indices { apply(events[i]) }
        deferringDayCaches = wasDeferring
        refreshAllDayCaches()
    }

    // MARK: The scans (any range; also the reference the caches are tested against)

    /// The cartelera of `cinema` for the 24 h from `dayStartNs`: each movie with a non-cancelled
    /// showtime starting then, its showtimes by (start, id), movies by (title, id) (`movieRank`).
    func scanCartelera(cinema: Int64, dayStartNs: Int64) -> [CarteleraEntry] {
        guard let list = showtimesByCinema[cinema] else { return [] }
        let end = dayStartNs + Self.dayNs
        var entries: [CarteleraEntry] = []
        // Entry index per movie rank (`movieRank`: order by (title, id), kept at projection time);
        // reading it by rank gives the cartelera's order with no sort and no String comparison.
        var entryAtRank = [Int32](repeating: -1, count: movieRank.count)
        var i = list.lowerBound(TimedID(startNs: dayStartNs, id: .min))
        while i < list.count && list[i].startNs < end {
            if let at = showtimes.slot(list[i].id), case let s = showtimes[slot: at].showtime, !s.cancelled,
               let m = movies[s.movieId.rawValue] {
                if let k = entries.firstIndex(where: { $0.movie.id == m.id }) {
                    entries[k].showtimes.append(s)
                } else {
                    entryAtRank[movieRank[m.id.rawValue]!] = Int32(entries.count)
                    entries.append(CarteleraEntry(movie: m, showtimes: [s]))
                }
            }
            i += 1
        }
        if entries.count > 1 {
            var ordered: [CarteleraEntry] = []
            ordered.reserveCapacity(entries.count)
            for k in entryAtRank where k >= 0 { ordered.append(entries[Int(k)]) }
            entries = ordered
        }
        return entries
    }

    /// Movies (by id) with a non-cancelled showtime starting in `[fromNs, toNs)`.
    func scanMoviesShowing(fromNs: Int64, toNs: Int64) -> [Movie] {
        var showing: [Movie] = []
        for id in movieIds {
            guard let list = showtimesByMovie[id], let m = movies[id] else { continue }
            var i = list.lowerBound(TimedID(startNs: fromNs, id: .min))
            while i < list.count && list[i].startNs < toNs {
                if let at = showtimes.slot(list[i].id), !showtimes[slot: at].showtime.cancelled { showing.append(m); break }
                i += 1
            }
        }
        return showing
    }
}
