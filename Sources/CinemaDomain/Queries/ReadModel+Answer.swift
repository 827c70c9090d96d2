import SimulationPrimitives

extension ReadModel {
    /// Answers `query` for `actor` at `now` from the projections.
    ///
    /// Public data (chains, cinemas, auditoriums, movies, carteleras, seat maps) is open to anyone;
    /// users, customers and manager profiles to the person themself or an admin; purchases to their
    /// customer or an admin.
    /// - Returns: the answer, or 404 (unknown id), 403 (not allowed).
    public func answer(_ query: Query, actor: Actor, now: SimTime) -> Result<QueryResponse, DomainError> {
        let admin = actor.roles.contains(.admin)
        func selfOrAdmin(_ id: UserID) -> Bool { admin || actor.userId == id }
        switch query {
        case .chains:
            return .success(.chains(chainIds.compactMap { chains[$0] }))
        case .chain(let id):
            guard let c = chains[id.rawValue] else { return .failure(.notFound(.cadena, id: id.rawValue)) }
            return .success(.chain(c))
        case .cinemasOfChain(let id):
            guard chains.index(forKey: id.rawValue) != nil else { return .failure(.notFound(.cadena, id: id.rawValue)) }
            return .success(.cinemas((cinemasByChain[id.rawValue] ?? []).compactMap { cinemas[$0] }.filter { !$0.retired }))
        case .cinema(let id):
            guard let c = cinemas[id.rawValue] else { return .failure(.notFound(.cine, id: id.rawValue)) }
            return .success(.cinema(c))
        case .manager(let id):
            guard selfOrAdmin(id) else { return .failure(.forbidden(.notSelf)) }
            guard let m = managers[id.rawValue] else { return .failure(.notFound(.encargado, id: id.rawValue)) }
            return .success(.manager(m))
        case .cinemasOfManager(let id):
            guard selfOrAdmin(id) else { return .failure(.forbidden(.notSelf)) }
            guard let m = managers[id.rawValue] else { return .failure(.notFound(.encargado, id: id.rawValue)) }
            return .success(.cinemas(m.cinemaIds.compactMap { cinemas[$0.rawValue] }))
        case .auditoriumsOfCinema(let id):
            guard cinemas.contains(id.rawValue) else { return .failure(.notFound(.cine, id: id.rawValue)) }
            return .success(.auditoriums((auditoriumsByCinema[id.rawValue] ?? []).compactMap { auditoriums[$0] }.filter { !$0.retired }))
        case .auditorium(let id):
            guard let a = auditoriums[id.rawValue] else { return .failure(.notFound(.sala, id: id.rawValue)) }
            return .success(.auditorium(a))
        case .movies:
            return .success(.movies(movieIds.compactMap { movies[$0] }.filter { !$0.retired }))
        case .movie(let id):
            guard let m = movies[id.rawValue] else { return .failure(.notFound(.pelicula, id: id.rawValue)) }
            return .success(.movie(m))
        case .moviesShowing(let from, let to):
            let fromNs = from.nanosecondsSinceStart, toNs = to.nanosecondsSinceStart
            // One whole day: the list kept at projection time (ReadModel+DayCaches.swift).
            if let day = Self.day(startingAt: fromNs), toNs - fromNs == Self.dayNs {
                return .success(.movies(cachedMoviesShowing(day: day)))
            }
            return .success(.movies(scanMoviesShowing(fromNs: fromNs, toNs: toNs)))
        case .cartelera(let id, let dayStart):
            guard cinemas.contains(id.rawValue) else { return .failure(.notFound(.cine, id: id.rawValue)) }
            let startNs = dayStart.nanosecondsSinceStart
            if let day = Self.day(startingAt: startNs) { return .success(.cartelera(cachedCartelera(cinema: id.rawValue, day: day))) }
            return .success(.cartelera(scanCartelera(cinema: id.rawValue, dayStartNs: startNs)))
        case .showtime(let id):
            guard let at = showtimes.slot(id.rawValue) else { return .failure(.notFound(.funcion, id: id.rawValue)) }
            let v = showtimes[slot: at]
            if v.earliestHoldExpiryNs > now.nanosecondsSinceStart {
                // No hold has expired: the stored map and the counts kept at projection time are the
                // answer (no scan, and the map is shared, not copied).
                return .success(.showtime(ShowtimeDetail(showtime: v.showtime, kinds: v.kinds, seatMap: v.state,
                                                         availableCount: v.availableCount, soldCount: v.soldCount)))
            }
            var map = v.state
            var available = 0, sold = 0
            for i in 0..<map.count {
                // Expired holds show as available even before the sweeper's release event arrives.
                if map[i] == .held && v.holdExpiresAt[i] <= now.nanosecondsSinceStart { map[i] = .available }
                if map[i] == .available { available += 1 } else if map[i] == .sold { sold += 1 }
            }
            return .success(.showtime(ShowtimeDetail(showtime: v.showtime, kinds: v.kinds, seatMap: map,
                                                     availableCount: available, soldCount: sold)))
        case .user(let id):
            guard selfOrAdmin(id) else { return .failure(.forbidden(.notSelf)) }
            guard let u = users[id.rawValue] else { return .failure(.notFound(.usuario, id: id.rawValue)) }
            return .success(.user(u))
        case .customer(let id):
            guard selfOrAdmin(id) else { return .failure(.forbidden(.notSelf)) }
            guard let c = customers[id.rawValue] else { return .failure(.notFound(.cliente, id: id.rawValue)) }
            return .success(.customer(c))
        case .purchasesOfCustomer(let id):
            guard selfOrAdmin(id) else { return .failure(.forbidden(.notPurchaseOwner)) }
            return .success(.purchases((purchasesByCustomer[id.rawValue] ?? []).compactMap { purchases[$0] }))
        case .purchase(let id):
            guard let p = purchases[id.rawValue] else { return .failure(.notFound(.compra, id: id.rawValue)) }
            guard selfOrAdmin(p.customerId) else { return .failure(.forbidden(.notPurchaseOwner)) }
            return .success(.purchase(p))
        }
    }
}
