import SimulationPrimitives
import Scenarios
import CinemaDomain

extension PlatformSimulation {
    func steps(of journey: Journey) -> [JourneyStep] {
        switch journey {
        case .browse: JourneyStep.browse
        case .buy: JourneyStep.buy
        case .share: JourneyStep.share
        case .manage: JourneyStep.manage
        }
    }

    func route(of endpoint: Endpoint) -> Int16 { Int16(endpoint.rawValue) }

    /// The manage journey's write, by the session's variant: manager edits (cinema, auditorium,
    /// new showtime), admin edits (chain, movie, manager assignment) or a new user registering.
    static let manageVariants = 7

    /// The actor of a session's user `userId` in `role` (``sessionRole(journey:variant:)``).
    func actor(userId: Int64, role: Roles) -> Actor {
        switch role {
        case .customer: Actor(userId: UserID(userId), roles: .customer)
        case .manager: Actor(userId: UserID(userId), roles: .manager)
        case .admin: Actor(userId: UserID(userId), roles: .admin)
        default: .anonymous
        }
    }

    /// The role of a session on `journey` with manage variant `variant`.
    func sessionRole(journey: Journey, variant: UInt8) -> Roles {
        guard journey == .manage else { return .customer }
        switch variant {
        case 0, 1, 2: return .manager
        default: return .admin
        }
    }

    /// The route and body of the session's current step; nil to skip it (a login while the token
    /// is still good, a purchase with no seat left).
    func request(for step: JourneyStep, session s: Int32) -> (route: Int16, body: DomainBody.Kind)? {
        // The session's fields are read in place: a copy of the whole session (its token strings
        // and seat array) cost ~180 instructions a request (round 7).
        let showtime = showtimes[Int(sessions[s].showtime)]
        let userId = sessions[s].userId
        let role = sessionRole(journey: sessions[s].journey, variant: sessions[s].variant)
        let anonymous = Actor.anonymous
        let me = actor(userId: userId, role: role)
        switch step {
        case .page:
            return (internalRoutes.page, .page)
        case .moviesShowing:
            return (route(of: .listMoviesShowing), .query(.moviesShowing(from: .zero, to: .zero + .seconds(86_400)), anonymous))
        case .cinema:
            return (route(of: .getCinema), .query(.cinema(showtime.cinema), anonymous))
        case .cartelera:
            return (route(of: .getCartelera), .query(.cartelera(showtime.cinema, dayStart: .zero), anonymous))
        case .seatMap:
            return (route(of: .getShowtime), .query(.showtime(showtime.id), anonymous))
        case .login:
            if sessions[s].attacker || role.isEmpty { return nil }
            if tokenIsValid(session: s) && sessions[s].tokenExpiry - resilience.oauth.refreshBeforeExpiry > queue.now { return nil }
            return (internalRoutes.login, .login(UserID(userId)))
        case .hold:
            guard !sessions[s].seats.isEmpty else { return nil }
            sessions[s].purchase = freshID()
            return (route(of: .holdSeats), .command(.holdSeats(purchaseId: PurchaseID(sessions[s].purchase), showtimeId: showtime.id, seats: sessions[s].seats), me))
        case .pay:
            let purchase = sessions[s].purchase
            guard purchase != 0 else { return nil }
            return (route(of: .payPurchase), .command(.payPurchase(purchaseId: purchaseID(forClientKey: purchase), paymentReference: purchase), me))
        case .confirm:
            let purchase = sessions[s].purchase
            guard purchase != 0 else { return nil }
            return (route(of: .confirmPurchase), .command(.confirmPurchase(purchaseId: purchaseID(forClientKey: purchase)), me))
        case .purchases:
            return (route(of: .listPurchasesOfCustomer), .query(.purchasesOfCustomer(UserID(userId)), me))
        case .customer:
            return (route(of: .getCustomer), .query(.customer(UserID(userId)), me))
        case .shareOnSocial:
            return (route(of: .updateCustomer), .command(.updateCustomer(name: "cliente \(userId)", email: "c\(userId)@example.org"), me))
        case .managerCinemas:
            if role != .manager { return (route(of: .listChains), .query(.chains, anonymous)) }
            return (route(of: .listCinemasOfManager), .query(.cinemasOfManager(UserID(userId)), me))
        case .chains:
            return (route(of: .listChains), .query(.chains, anonymous))
        case .auditorium:
            return (route(of: .getAuditorium), .query(.auditorium(showtime.auditorium), anonymous))
        case .manageWrite:
            return manageWrite(session: sessions[s], actor: me)
        }
    }

    func manageWrite(session: Session, actor: Actor) -> (route: Int16, body: DomainBody.Kind)? {
        let cinema = session.managedCinema
        switch session.variant {
        case 0:
            return (route(of: .updateCinema), .command(.updateCinema(id: cinema, name: "Cine \(cinema.rawValue)", city: "Ciudad"), actor))
        case 1:
            let auditorium = showtimes.first { $0.cinema == cinema }?.auditorium ?? showtimes[0].auditorium
            guard case .auditorium(let a)? = documentStore.document(.auditoriums, key: auditorium.rawValue) else { return nil }
            return (route(of: .updateAuditorium), .command(.updateAuditorium(id: auditorium, name: a.name, layout: a.layout), actor))
        case 2:
            let auditorium = showtimes.first { $0.cinema == cinema }?.auditorium ?? showtimes[0].auditorium
            let movie = catalogueIDs.movieIds[Int(session.userId % Int64(max(catalogueIDs.movieIds.count, 1)))]
            // Next week, at a slot far from other scheduling (overlaps are a 409 like in the real API).
            let startsAt = SimTime.zero + .seconds(7 * 86_400 + Int64(freshID() % 5_000) * 3_600)
            return (route(of: .scheduleShowtime), .command(.scheduleShowtime(id: ShowtimeID(freshID()), auditoriumId: auditorium, movieId: movie,
                                                                            startsAt: startsAt, prices: PriceTiers(standardCents: 800, premiumCents: 1_200)), actor))
        case 3:
            guard case .chain(let chain)? = documentStore.document(.chains, key: documentStore.keys(.chains).first ?? 1) else { return nil }
            return (route(of: .renameChain), .command(.renameChain(id: chain.id, name: chain.name), actor))
        case 4:
            let movie = catalogueIDs.movieIds[Int(session.userId % Int64(max(catalogueIDs.movieIds.count, 1)))]
            guard case .movie(let m)? = documentStore.document(.movies, key: movie.rawValue) else { return nil }
            return (route(of: .updateMovie), .command(.updateMovie(id: movie, title: m.title, runtimeMinutes: m.runtimeMinutes, rating: m.rating), actor))
        case 5:
            guard !catalogueIDs.managerIds.isEmpty else { return nil }
            let index = Int(session.userId % Int64(catalogueIDs.managerIds.count))
            return (route(of: .assignManager), .command(.assignManager(userId: catalogueIDs.managerIds[index], cinemaId: catalogueIDs.managerCinema[index]), actor))
        default:
            let id = freshID()
            return (route(of: .registerUser), .command(.registerUser(id: UserID(id), username: "u\(id)", password: "pw-u\(id)-secret"), actor))
        }
    }
}
