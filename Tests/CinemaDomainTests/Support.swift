import SimulationPrimitives
@testable import CinemaDomain

/// A small hand-built cinema used by most tests.
///
/// Auditorium 1 of cinema 1: two rows of five positions; column 2 is an aisle (gap).
/// Row A: standard, standard, gap, accessible, companion. Row B: premium, premium, gap, premium, premium.
/// Seat indices: A1=0 A2=1 (A3=2 gap) A4=3 A5=4 B1=5 B2=6 (B3=7 gap) B4=8 B5=9. Capacity 8.
/// Showtime 100 starts at T+2h; standard 800 cents, premium 1100 cents.
enum Fixture {
    static let admin = Actor(userId: UserID(1), roles: [.admin])
    static let manager = Actor(userId: UserID(10), roles: [.manager])
    static let otherManager = Actor(userId: UserID(11), roles: [.manager])
    static let alice = Actor(userId: UserID(20), roles: [.customer])
    static let bob = Actor(userId: UserID(21), roles: [.customer])
    static let chain = ChainID(1)
    static let cinema = CinemaID(1)
    static let otherCinema = CinemaID(2)
    static let auditorium = AuditoriumID(1)
    static let movie = MovieID(1)
    static let showtime = ShowtimeID(100)
    static let start = SimTime.zero + .seconds(7_200)
    static let prices = PriceTiers(standardCents: 800, premiumCents: 1_100)
    static let layout = SeatLayout(rows: 2, seatsPerRow: 5, kinds: [
        .standard, .standard, .gap, .accessible, .companion,
        .premium, .premium, .gap, .premium, .premium,
    ])

    static func documents() -> [DomainDocument] {
        var docs: [DomainDocument] = [
            .chain(Chain(id: chain, name: "CineManzana")),
            .cinema(Cinema(id: cinema, chainId: chain, name: "Centro", city: "Madrid", managerIds: [manager.userId])),
            .cinema(Cinema(id: otherCinema, chainId: chain, name: "Norte", city: "Madrid", managerIds: [otherManager.userId])),
            .auditorium(Auditorium(id: auditorium, cinemaId: cinema, name: "Sala 1", layout: layout)),
            .movie(Movie(id: movie, title: "Manzana Roja", runtimeMinutes: 120, rating: "12")),
            .showtime(Showtime(id: showtime, auditoriumId: auditorium, cinemaId: cinema, movieId: movie, startsAt: start,
                               endsAt: start + .minutes(120), prices: prices)),
            .seatInventory(SeatInventory(showtimeId: showtime, cinemaId: cinema, layout: layout, startsAt: start, prices: prices)),
            .user(User(id: admin.userId, username: "admin", credentialDigest: User.digest(username: "admin", password: "secret-admin"), roles: [.admin])),
            .user(User(id: manager.userId, username: "maria", credentialDigest: User.digest(username: "maria", password: "secret-maria"), roles: [.manager])),
            .user(User(id: otherManager.userId, username: "nico", credentialDigest: User.digest(username: "nico", password: "secret-nico"), roles: [.manager])),
            .user(User(id: alice.userId, username: "alice", credentialDigest: User.digest(username: "alice", password: "secret-alice"), roles: [.customer])),
            .user(User(id: bob.userId, username: "bob", credentialDigest: User.digest(username: "bob", password: "secret-bob"), roles: [.customer])),
            .manager(ManagerProfile(id: manager.userId, name: "María", cinemaIds: [cinema])),
            .manager(ManagerProfile(id: otherManager.userId, name: "Nico", cinemaIds: [otherCinema])),
        ]
        for i in docs.indices { docs[i].version = 1 }
        return docs
    }

    static func store() -> DocumentStore {
        var s = DocumentStore()
        s.load(documents())
        return s
    }

    /// Events that publish the fixture to a read model (as a generator would).
    static func events() -> [DomainEvent] {
        documents().compactMap { d in
            if case .showtime(let s) = d { return .showtimeSaved(s, kinds: layout.kinds) }
            return DomainEvent.saved(d)
        }
    }
}

/// Runs handlers against a store, one step at a time, with a controllable clock.
struct World {
    var store = Fixture.store()
    var now = SimTime.zero
    var config = DomainConfig()
    var published: [DomainEvent] = []

    /// Runs `command` to completion with no interleaving.
    @discardableResult
    mutating func run(_ command: Command, as actor: Actor) -> Result<CommandResponse, DomainError> {
        var h = CommandHandler(command, actor: actor, config: config)
        var step = h.next(lastResult: nil, now: now)
        while case .store(let op) = step {
            step = h.next(lastResult: store.apply(op, now: now), now: now)
        }
        guard case .done(let result, let events) = step else { fatalError("unreachable") }
        published += events
        return result
    }

    /// The inventory of showtime 100.
    var inventory: SeatInventory {
        guard case .seatInventory(let inv)? = store.document(.seatInventories, key: Fixture.showtime.rawValue) else { fatalError("no inventory") }
        return inv
    }

    func purchase(_ id: Int64) -> Purchase? {
        if case .purchase(let p)? = store.document(.purchases, key: id) { return p }
        return nil
    }
}

/// Several handlers whose steps are interleaved explicitly: `step(i)` executes handler i's pending
/// store op against the shared store and computes its next step.
struct Interleaving {
    var world: World
    var handlers: [CommandHandler] = []
    var pending: [Step] = []

    init(world: World) { self.world = world }

    /// Adds a handler and computes its first step; returns its index.
    @discardableResult
    mutating func start(_ command: Command, as actor: Actor) -> Int {
        var h = CommandHandler(command, actor: actor, config: world.config)
        pending.append(h.next(lastResult: nil, now: world.now))
        handlers.append(h)
        return handlers.count - 1
    }

    /// Whether handler `i` still has a store op to run.
    func isRunning(_ i: Int) -> Bool { if case .store = pending[i] { return true } else { return false } }

    /// Executes handler i's pending op and advances it.
    mutating func step(_ i: Int) {
        guard case .store(let op) = pending[i] else { return }
        let result = world.store.apply(op, now: world.now)
        pending[i] = handlers[i].next(lastResult: result, now: world.now)
        if case .done(_, let events) = pending[i] { world.published += events }
    }

    /// Runs handler i to completion.
    mutating func finish(_ i: Int) { while isRunning(i) { step(i) } }

    /// The outcome of handler i (nil while running).
    func result(_ i: Int) -> Result<CommandResponse, DomainError>? {
        if case .done(let r, _) = pending[i] { return r }
        return nil
    }
}

extension Result {
    var isSuccess: Bool { if case .success = self { return true } else { return false } }
    var error: Failure? { if case .failure(let e) = self { return e } else { return nil } }
    var value: Success? { if case .success(let v) = self { return v } else { return nil } }
}
