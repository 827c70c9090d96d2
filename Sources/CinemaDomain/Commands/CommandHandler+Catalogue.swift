import SimulationPrimitives

/// A read a catalogue command needs before deciding.
enum CatalogueRead {
    /// One document by `_id`; missing → 404 for `resource`.
    case one(StoreCollection, key: Int64, resource: ResourceKind)
    /// Documents matching a filter.
    case many(StoreCollection, filter: QueryFilter, shardKeyValue: Int64?)
}

// Catalogue commands (every resource but Compra) share one shape: check the actor's role and the
// command's fields, read the documents the rules need (one per step), decide the writes, and run
// them one per step. Updates are optimistic: `versionEquals` on the version read, so a concurrent
// edit makes the loser answer 409 instead of silently overwriting (the lost update of reference
// §4.2 race 2).
extension CommandHandler {
    mutating func catalogueStep(_ last: StoreResult?, now: SimTime) -> Step {
        if stage == 0 {
            if let error = preflight(now: now) { return finish(.failure(error)) }
            stage = 1
        } else if stage == 1 {
            // The result of the last read.
            switch last {
            case .found(let doc)?:
                guard let d = doc else {
                    if case .one(_, let key, let resource)? = readRequest(readsDone) { return finish(.failure(.notFound(resource, id: key))) }
                    return unexpected(last)
                }
                loaded.append(d)
                readsDone += 1
            case .foundMany(let docs)?:
                many = docs
                readsDone += 1
            default:
                return unexpected(last)
            }
        } else {
            // The result of the last write.
            switch last {
            case .inserted?:
                if case .insert(var d) = writes[written.count] { d.version = 1; written.append(d) }
            case .updated(let matched, _, let doc)?:
                guard matched == 1, let d = doc else { return finish(.failure(.conflict(.versionMismatch))) }
                written.append(d)
            case .duplicateKey?:
                return finish(.failure(.conflict(.duplicateKey)))
            default:
                return unexpected(last)
            }
        }
        if stage == 1 {
            if let read = readRequest(readsDone) {
                switch read {
                case .one(let c, let key, _): return .store(Self.find(c, key))
                case .many(let c, let filter, let shard): return .store(.findMany(c, filter: filter, shardKeyValue: shard))
                }
            }
            switch decide(now: now) {
            case .failure(let error): return finish(.failure(error))
            case .success(let ops): writes = ops
            }
            stage = 2
        }
        if written.count < writes.count { return .store(writes[written.count]) }
        return finish(.success(CommandResponse(httpStatus: responseStatus, resourceId: responseId)), events: catalogueEvents())
    }

    /// Role and field checks that need no reads.
    mutating func preflight(now: SimTime) -> DomainError? {
        let admin = actor.roles.contains(.admin), manager = actor.roles.contains(.manager)
        func require(_ ok: Bool) -> DomainError? { ok ? nil : .forbidden(.missingRole) }
        switch command {
        case .createChain(let id, let name):
            responseStatus = 201; responseId = id.rawValue
            return require(admin) ?? (name.isEmpty ? .invalid(.emptyName) : nil)
        case .renameChain(let id, let name):
            responseId = id.rawValue
            return require(admin) ?? (name.isEmpty ? .invalid(.emptyName) : nil)
        case .createCinema(let id, _, let name, let city):
            responseStatus = 201; responseId = id.rawValue
            return require(admin) ?? (name.isEmpty || city.isEmpty ? .invalid(.emptyName) : nil)
        case .updateCinema(let id, let name, let city):
            responseId = id.rawValue
            return require(admin || manager) ?? (name.isEmpty || city.isEmpty ? .invalid(.emptyName) : nil)
        case .retireCinema(let id):
            responseId = id.rawValue
            return require(admin)
        case .createManager(let userId, let name):
            responseStatus = 201; responseId = userId.rawValue
            return require(admin) ?? (name.isEmpty ? .invalid(.emptyName) : nil)
        case .assignManager(let userId, _), .unassignManager(let userId, _):
            responseId = userId.rawValue
            return require(admin)
        case .createAuditorium(let id, _, let name, let layout):
            responseStatus = 201; responseId = id.rawValue
            return require(manager) ?? (name.isEmpty ? .invalid(.emptyName) : layout.validate().map { .invalid($0) })
        case .updateAuditorium(let id, let name, let layout):
            responseId = id.rawValue
            return require(manager) ?? (name.isEmpty ? .invalid(.emptyName) : layout.validate().map { .invalid($0) })
        case .retireAuditorium(let id):
            responseId = id.rawValue
            return require(manager)
        case .createMovie(let id, let title, let runtime, _):
            responseStatus = 201; responseId = id.rawValue
            return require(admin) ?? Self.checkMovie(title: title, runtimeMinutes: runtime)
        case .updateMovie(let id, let title, let runtime, _):
            responseId = id.rawValue
            return require(admin) ?? Self.checkMovie(title: title, runtimeMinutes: runtime)
        case .retireMovie(let id):
            responseId = id.rawValue
            return require(admin)
        case .scheduleShowtime(let id, _, _, let startsAt, let prices):
            responseStatus = 201; responseId = id.rawValue
            if let e = require(manager) { return e }
            if !prices.isValid { return .invalid(.badPrices) }
            return startsAt <= now ? .invalid(.showtimeInPast) : nil
        case .cancelShowtime(let id):
            responseId = id.rawValue
            return require(manager)
        case .registerUser(let id, let username, let password):
            responseStatus = 201; responseId = id.rawValue
            if username.isEmpty { return .invalid(.emptyName) }
            return password.count < config.minimumPasswordLength ? .invalid(.badCredentials) : nil
        case .changePassword(let id, _, let newPassword):
            responseId = id.rawValue
            if id != actor.userId { return .forbidden(.notSelf) }
            return newPassword.count < config.minimumPasswordLength ? .invalid(.badCredentials) : nil
        case .setRoles(let id, _), .deactivateUser(let id):
            responseId = id.rawValue
            return require(admin)
        case .registerCustomer(let name, let email), .updateCustomer(let name, let email):
            responseId = actor.userId.rawValue
            if case .registerCustomer = command { responseStatus = 201 }
            if actor.userId.rawValue == 0 { return .forbidden(.missingRole) }
            if name.isEmpty { return .invalid(.emptyName) }
            return email.contains("@") ? nil : .invalid(.badEmail)
        default:
            preconditionFailure("purchase commands are not catalogue commands")
        }
    }

    static func checkMovie(title: String, runtimeMinutes: Int) -> DomainError? {
        if title.isEmpty { return .invalid(.emptyName) }
        return (1...600).contains(runtimeMinutes) ? nil : .invalid(.badRuntime)
    }

    /// The `index`-th read the command needs, given the documents read so far; nil when done.
    func readRequest(_ index: Int) -> CatalogueRead? {
        switch (command, index) {
        case (.renameChain(let id, _), 0): return .one(.chains, key: id.rawValue, resource: .cadena)
        case (.createCinema(_, let chain, _, _), 0): return .one(.chains, key: chain.rawValue, resource: .cadena)
        case (.updateCinema(let id, _, _), 0), (.retireCinema(let id), 0):
            return .one(.cinemas, key: id.rawValue, resource: .cine)
        case (.createManager(let user, _), 0): return .one(.users, key: user.rawValue, resource: .usuario)
        case (.assignManager(let user, _), 0), (.unassignManager(let user, _), 0):
            return .one(.managers, key: user.rawValue, resource: .encargado)
        case (.assignManager(_, let cinema), 1), (.unassignManager(_, let cinema), 1):
            return .one(.cinemas, key: cinema.rawValue, resource: .cine)
        case (.createAuditorium(_, let cinema, _, _), 0): return .one(.cinemas, key: cinema.rawValue, resource: .cine)
        case (.updateAuditorium(let id, _, _), 0), (.retireAuditorium(let id), 0):
            return .one(.auditoriums, key: id.rawValue, resource: .sala)
        case (.updateAuditorium, 1), (.retireAuditorium, 1):
            guard case .auditorium(let a) = loaded[0] else { return nil }
            return .one(.cinemas, key: a.cinemaId.rawValue, resource: .cine)
        case (.updateMovie(let id, _, _, _), 0), (.retireMovie(let id), 0):
            return .one(.movies, key: id.rawValue, resource: .pelicula)
        case (.scheduleShowtime(_, let auditorium, _, _, _), 0):
            return .one(.auditoriums, key: auditorium.rawValue, resource: .sala)
        case (.scheduleShowtime, 1):
            guard case .auditorium(let a) = loaded[0] else { return nil }
            return .one(.cinemas, key: a.cinemaId.rawValue, resource: .cine)
        case (.scheduleShowtime(_, _, let movie, _, _), 2): return .one(.movies, key: movie.rawValue, resource: .pelicula)
        case (.scheduleShowtime(_, let auditorium, _, _, _), 3):
            guard case .auditorium(let a) = loaded[0] else { return nil }
            return .many(.showtimes, filter: .showtimesOfAuditorium(auditorium), shardKeyValue: a.cinemaId.rawValue)
        case (.cancelShowtime(let id), 0): return .one(.showtimes, key: id.rawValue, resource: .funcion)
        case (.cancelShowtime, 1):
            guard case .showtime(let s) = loaded[0] else { return nil }
            return .one(.cinemas, key: s.cinemaId.rawValue, resource: .cine)
        case (.changePassword(let id, _, _), 0), (.setRoles(let id, _), 0), (.deactivateUser(let id), 0):
            return .one(.users, key: id.rawValue, resource: .usuario)
        case (.registerCustomer, 0): return .one(.users, key: actor.userId.rawValue, resource: .usuario)
        case (.updateCustomer, 0): return .one(.customers, key: actor.userId.rawValue, resource: .cliente)
        default: return nil
        }
    }

    /// The writes the command makes once its reads are in, or the rule it breaks.
    func decide(now: SimTime) -> Result<[StoreOperation], DomainError> {
        func replace(_ d: DomainDocument, _ old: DomainDocument) -> StoreOperation {
            .update(d.collection, key: d.key, shardKeyValue: d.collection == .showtimes ? d.shardKeyValue : d.key,
                    condition: .versionEquals(old.version), mutation: .replace(d))
        }
        func isManager(of cinema: Cinema) -> Bool { cinema.managerIds.contains(actor.userId) }
        switch command {
        case .createChain(let id, let name):
            return .success([.insert(.chain(Chain(id: id, name: name)))])
        case .renameChain(_, let name):
            guard case .chain(var c) = loaded[0] else { break }
            c.name = name
            return .success([replace(.chain(c), loaded[0])])
        case .createCinema(let id, let chain, let name, let city):
            return .success([.insert(.cinema(Cinema(id: id, chainId: chain, name: name, city: city)))])
        case .updateCinema(_, let name, let city):
            guard case .cinema(var c) = loaded[0] else { break }
            if !actor.roles.contains(.admin) && !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            if c.retired { return .failure(.conflict(.retired)) }
            c.name = name; c.city = city
            return .success([replace(.cinema(c), loaded[0])])
        case .retireCinema:
            guard case .cinema(var c) = loaded[0] else { break }
            c.retired = true
            return .success([replace(.cinema(c), loaded[0])])
        case .createManager(let userId, let name):
            guard case .user(var u) = loaded[0] else { break }
            u.roles.insert(.manager)
            return .success([replace(.user(u), loaded[0]), .insert(.manager(ManagerProfile(id: userId, name: name)))])
        case .assignManager(let userId, let cinemaId), .unassignManager(let userId, let cinemaId):
            guard case .manager(var m) = loaded[0], case .cinema(var c) = loaded[1] else { break }
            if case .assignManager = command {
                if c.managerIds.contains(userId) { return .success([]) }
                c.managerIds.append(userId); c.managerIds.sort()
                if !m.cinemaIds.contains(cinemaId) { m.cinemaIds.append(cinemaId); m.cinemaIds.sort() }
            } else {
                if !c.managerIds.contains(userId) { return .success([]) }
                c.managerIds.removeAll { $0 == userId }
                m.cinemaIds.removeAll { $0 == cinemaId }
            }
            return .success([replace(.cinema(c), loaded[1]), replace(.manager(m), loaded[0])])
        case .createAuditorium(let id, let cinemaId, let name, let layout):
            guard case .cinema(let c) = loaded[0] else { break }
            if !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            if c.retired { return .failure(.conflict(.retired)) }
            return .success([.insert(.auditorium(Auditorium(id: id, cinemaId: cinemaId, name: name, layout: layout)))])
        case .updateAuditorium(_, let name, let layout):
            guard case .auditorium(var a) = loaded[0], case .cinema(let c) = loaded[1] else { break }
            if !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            if a.retired { return .failure(.conflict(.retired)) }
            a.name = name; a.layout = layout
            return .success([replace(.auditorium(a), loaded[0])])
        case .retireAuditorium:
            guard case .auditorium(var a) = loaded[0], case .cinema(let c) = loaded[1] else { break }
            if !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            a.retired = true
            return .success([replace(.auditorium(a), loaded[0])])
        case .createMovie(let id, let title, let runtime, let rating):
            return .success([.insert(.movie(Movie(id: id, title: title, runtimeMinutes: runtime, rating: rating)))])
        case .updateMovie(_, let title, let runtime, let rating):
            guard case .movie(var m) = loaded[0] else { break }
            m.title = title; m.runtimeMinutes = runtime; m.rating = rating
            return .success([replace(.movie(m), loaded[0])])
        case .retireMovie:
            guard case .movie(var m) = loaded[0] else { break }
            m.retired = true
            return .success([replace(.movie(m), loaded[0])])
        case .scheduleShowtime(let id, _, _, let startsAt, let prices):
            guard case .auditorium(let a) = loaded[0], case .cinema(let c) = loaded[1], case .movie(let m) = loaded[2] else { break }
            if !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            if a.retired || c.retired || m.retired { return .failure(.conflict(.retired)) }
            let endsAt = startsAt + .minutes(Int64(m.runtimeMinutes))
            for case .showtime(let other) in many where !other.cancelled {
                // Busy intervals [start, end + turnaround) must not intersect.
                if startsAt < other.endsAt + config.turnaround && other.startsAt < endsAt + config.turnaround {
                    return .failure(.conflict(.showtimeOverlap))
                }
            }
            let s = Showtime(id: id, auditoriumId: a.id, cinemaId: c.id, movieId: m.id, startsAt: startsAt, endsAt: endsAt, prices: prices)
            let inventory = SeatInventory(showtimeId: id, cinemaId: c.id, layout: a.layout, startsAt: startsAt, prices: prices)
            return .success([.insert(.showtime(s)), .insert(.seatInventory(inventory))])
        case .cancelShowtime(let id):
            guard case .showtime(var s) = loaded[0], case .cinema(let c) = loaded[1] else { break }
            if !isManager(of: c) { return .failure(.forbidden(.notManagerOfCinema)) }
            if s.cancelled { return .success([]) }
            s.cancelled = true
            return .success([replace(.showtime(s), loaded[0]),
                             .update(.seatInventories, key: id.rawValue, shardKeyValue: id.rawValue, condition: .none, mutation: .cancelInventory)])
        case .registerUser(let id, let username, let password):
            return .success([.insert(.user(User(id: id, username: username,
                                                credentialDigest: User.digest(username: username, password: password), roles: .customer)))])
        case .changePassword(_, let old, let new):
            guard case .user(var u) = loaded[0] else { break }
            if !u.verify(password: old) { return .failure(.invalid(.badCredentials)) }
            u.credentialDigest = User.digest(username: u.username, password: new)
            return .success([replace(.user(u), loaded[0])])
        case .setRoles(_, let roles):
            guard case .user(var u) = loaded[0] else { break }
            u.roles = roles
            return .success([replace(.user(u), loaded[0])])
        case .deactivateUser:
            guard case .user(var u) = loaded[0] else { break }
            u.active = false
            return .success([replace(.user(u), loaded[0])])
        case .registerCustomer(let name, let email):
            guard case .user(let u) = loaded[0] else { break }
            if !u.active { return .failure(.forbidden(.inactiveUser)) }
            return .success([.insert(.customer(CustomerProfile(id: u.id, name: name, email: email)))])
        case .updateCustomer(let name, let email):
            guard case .customer(var p) = loaded[0] else { break }
            p.name = name; p.email = email
            return .success([replace(.customer(p), loaded[0])])
        default:
            break
        }
        return .failure(.storeUnavailable(.unavailable))
    }

    /// Events for the documents written: each one's new state; a scheduled showtime also carries
    /// its seat kinds so the query side can draw the seat map.
    func catalogueEvents() -> [DomainEvent] {
        var events: [DomainEvent] = []
        events.reserveCapacity(written.count)
        for d in written {
            if case .showtime(let s) = d, case .scheduleShowtime = command, case .auditorium(let a) = loaded[0] {
                events.append(.showtimeSaved(s, kinds: a.layout.kinds))
            } else if let e = DomainEvent.saved(d) {
                events.append(e)
            }
        }
        return events
    }
}
