import SimulationPrimitives

extension ReadModel {
    /// Applies one event (the projection). Snapshot events older than the stored version are
    /// ignored; seat events change only seats the event's purchase owns (release) or claims (hold,
    /// sale), so re-delivery is harmless.
    public mutating func apply(_ event: DomainEvent) {
        appliedEventCount += 1
        switch event {
        case .chainSaved(let c):
            guard Self.isNewer(c.version, than: chains[c.id.rawValue]?.version) else { return }
            chains[c.id.rawValue] = c
            chainIds.insertSorted(c.id.rawValue)
        case .cinemaSaved(let c):
            guard Self.isNewer(c.version, than: cinemas[c.id.rawValue]?.version) else { return }
            cinemas[c.id.rawValue] = c
            cinemasByChain[c.chainId.rawValue, default: []].insertSorted(c.id.rawValue)
        case .auditoriumSaved(let a):
            guard Self.isNewer(a.version, than: auditoriums[a.id.rawValue]?.version) else { return }
            auditoriums[a.id.rawValue] = a
            auditoriumsByCinema[a.cinemaId.rawValue, default: []].insertSorted(a.id.rawValue)
        case .movieSaved(let m):
            let previous = movies[m.id.rawValue]
            guard Self.isNewer(m.version, than: previous?.version) else { return }
            movies[m.id.rawValue] = m
            movieIds.insertSorted(m.id.rawValue)
            if let previous, previous.title == m.title {
                // Same rank, same membership in every answer: only the movie's value changes.
                replaceMovieInDayCaches(m)
            } else {
                // A new movie (its showtimes may now show) or a new title (the cartelera order).
                rankMovies()
                refreshAllDayCaches()
            }
        case .showtimeSaved(let s, let kinds):
            let key = s.id.rawValue
            if let slot = showtimes.slot(key) {
                guard s.version > showtimes[slot: slot].showtime.version else { return }
                showtimes[slot: slot].showtime = s
                // The indexes keep the first version's place: its day caches are the ones to redo.
                showtimeChanged(cinema: showtimes[slot: slot].indexedCinemaId, startNs: showtimes[slot: slot].indexedStartNs)
            } else {
                var view = ShowtimeView(showtime: s, kinds: kinds ?? [])
                view.indexedCinemaId = s.cinemaId.rawValue
                view.indexedStartNs = s.startsAt.nanosecondsSinceStart
                showtimes[key] = view
                let timed = TimedID(startNs: s.startsAt.nanosecondsSinceStart, id: key)
                showtimesByCinema[s.cinemaId.rawValue, default: []].insertSorted(timed)
                showtimesByMovie[s.movieId.rawValue, default: []].insertSorted(timed)
                showtimeChanged(cinema: s.cinemaId.rawValue, startNs: s.startsAt.nanosecondsSinceStart)
            }
        case .userSaved(let u):
            guard Self.isNewer(u.version, than: users[u.id.rawValue]?.version) else { return }
            users[u.id.rawValue] = u
        case .customerSaved(let c):
            guard Self.isNewer(c.version, than: customers[c.id.rawValue]?.version) else { return }
            customers[c.id.rawValue] = c
        case .managerSaved(let m):
            guard Self.isNewer(m.version, than: managers[m.id.rawValue]?.version) else { return }
            managers[m.id.rawValue] = m
        case .purchaseSaved(let p):
            // One probe to compare versions and replace in place (no copy of the stored purchase).
            if let at = purchases.slot(p.id.rawValue) {
                guard p.version > purchases.version(slot: at) else { return }
                purchases[slot: at] = p
            } else {
                purchases.put(p)
            }
            if purchasesByCustomer.modify(p.customerId.rawValue, { $0.insertSorted(p.id.rawValue) }) == nil {
                purchasesByCustomer[p.customerId.rawValue] = [p.id.rawValue]
            }
        case .seatsHeld(let showtime, let purchase, let seats, let expiresAt):
            updateSeats(showtime) { v in
                for s in seats where Int(s) < v.state.count && v.state[Int(s)] != .sold {
                    v.setSeat(Int(s), .held, holder: purchase.rawValue, expiresAtNs: expiresAt.nanosecondsSinceStart)
                }
            }
        case .seatsSold(let showtime, let purchase, let seats):
            updateSeats(showtime) { v in
                for s in seats where Int(s) < v.state.count {
                    v.setSeat(Int(s), .sold, holder: purchase.rawValue, expiresAtNs: 0)
                }
            }
        case .seatsReleased(let showtime, let purchase, let seats):
            updateSeats(showtime) { v in
                for s in seats where Int(s) < v.state.count && v.holder[Int(s)] == purchase.rawValue {
                    v.setSeat(Int(s), .available, holder: 0, expiresAtNs: 0)
                }
            }
        }
    }

    /// Recomputes ``movieRank``: every projected movie's position by `(title, id)`, the
    /// cartelera's order (movies are few and rarely saved).
    mutating func rankMovies() {
        let order = movieIds.sorted { a, b in
            let ma = movies[a]!, mb = movies[b]!
            return (ma.title, ma.id) < (mb.title, mb.id)
        }
        movieRank.removeAll(keepingCapacity: true)
        for (rank, id) in order.enumerated() { movieRank[id] = rank }
    }

    static func isNewer(_ version: UInt64, than stored: UInt64?) -> Bool {
        guard let stored else { return true }
        return version > stored
    }

    mutating func updateSeats(_ showtime: ShowtimeID, _ change: (inout ShowtimeView) -> Void) {
        // In place in the table's storage: the seat arrays are uniquely referenced, no copy.
        showtimes.modify(showtime.rawValue, change)
    }
}
