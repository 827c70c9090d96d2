/// The nine resources of the platform (seed: 18 services = 9 resources × Command/Query).
public enum ResourceKind: UInt8, Sendable, CaseIterable {
    /// The nine resources, in the seed's order.
    case usuario, encargado, cliente, compra, funcion, pelicula, sala, cine, cadena

    /// Seed (Spanish) singular name, used in service ids: `compra`.
    public var seedName: String {
        switch self {
        case .usuario: "usuario"; case .encargado: "encargado"; case .cliente: "cliente"; case .compra: "compra"
        case .funcion: "funcion"; case .pelicula: "pelicula"; case .sala: "sala"; case .cine: "cine"; case .cadena: "cadena"
        }
    }
    /// Django REST Framework plural used in routes: `compras`, `funciones`.
    public var pluralName: String {
        switch self {
        case .usuario: "usuarios"; case .encargado: "encargados"; case .cliente: "clientes"; case .compra: "compras"
        case .funcion: "funciones"; case .pelicula: "peliculas"; case .sala: "salas"; case .cine: "cines"; case .cadena: "cadenas"
        }
    }
    /// English entity name (code types): `Purchase`, `Showtime`.
    public var englishName: String {
        switch self {
        case .usuario: "User"; case .encargado: "Manager"; case .cliente: "Customer"; case .compra: "Purchase"
        case .funcion: "Showtime"; case .pelicula: "Movie"; case .sala: "Auditorium"; case .cine: "Cinema"; case .cadena: "Chain"
        }
    }
    /// Service id of the write side: `compra-command`.
    public var commandServiceId: String { seedName + "-command" }
    /// Service id of the read side: `compra-query`.
    public var queryServiceId: String { seedName + "-query" }
    /// Collection route: `/api/compras`.
    public var route: String { "/api/" + pluralName }
}

/// Why an actor may not do something (403).
public enum ForbiddenReason: UInt8, Hashable, Sendable {
    /// The actor lacks the role the command needs.
    case missingRole
    /// Only a manager of this cinema may change its auditoriums and showtimes.
    case notManagerOfCinema
    /// Only the purchase's customer (the hold owner) may pay, confirm or release it.
    case notPurchaseOwner
    /// Users may change only their own account and profile.
    case notSelf
    /// The user is deactivated.
    case inactiveUser
}

/// Why a state or version conflicts (409).
public enum ConflictReason: UInt8, Hashable, Sendable {
    /// The document changed since it was read (optimistic-concurrency version mismatch).
    case versionMismatch
    /// A unique key already exists (username, id).
    case duplicateKey
    /// The showtime overlaps another in the same auditorium.
    case showtimeOverlap
    /// The purchase is not in a state that allows the command.
    case purchaseState
    /// The showtime is cancelled or has started.
    case showtimeNotOnSale
    /// The entity is retired.
    case retired
}

/// Why a command is malformed (422, DRF validation error).
public enum InvalidReason: UInt8, Hashable, Sendable {
    /// A required name, title or city is empty.
    case emptyName
    /// A layout row has only gaps.
    case layoutRowWithoutSeats
    /// A companion seat is not beside an accessible seat.
    case companionWithoutAccessibleSeat
    /// A seat index is outside the layout or is a gap.
    case seatNotInLayout
    /// The same seat is listed twice.
    case duplicateSeat
    /// More seats than `maxSeatsPerPurchase`.
    case tooManySeats
    /// No seats listed.
    case noSeats
    /// Runtime outside 1…600 minutes.
    case badRuntime
    /// Prices not positive, or premium cheaper than standard.
    case badPrices
    /// The showtime would start at or before now.
    case showtimeInPast
    /// Wrong password, or a new password shorter than the minimum.
    case badCredentials
    /// The e-mail has no `@`.
    case badEmail
}

/// A typed command/query failure with the HTTP status the service answers (DRF conventions).
public enum DomainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 404: the resource does not exist.
    case notFound(ResourceKind, id: Int64)
    /// 403: the actor may not do this.
    case forbidden(ForbiddenReason)
    /// 409: the seat is held or sold by someone else (reference F16 "the loser gets a clean seat taken").
    case seatTaken(showtime: ShowtimeID, seat: UInt16)
    /// 409: another conflict.
    case conflict(ConflictReason)
    /// 410: the hold expired before the command (confirm, pay) arrived.
    case holdExpired(PurchaseID)
    /// 422: validation failed.
    case invalid(InvalidReason)
    /// 503: the store could not execute an operation.
    case storeUnavailable(StoreFailure)

    /// HTTP status code of the error.
    public var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .forbidden: 403
        case .seatTaken, .conflict: 409
        case .holdExpired: 410
        case .invalid: 422
        case .storeUnavailable: 503
        }
    }

    /// Stable machine code for logs and API bodies (ECS `error.code`): `not_found`, `forbidden`,
    /// `seat_taken`, `conflict`, `hold_expired`, `invalid`, `store_unavailable`.
    public var code: StaticString {
        switch self {
        case .notFound: "not_found"
        case .forbidden: "forbidden"
        case .seatTaken: "seat_taken"
        case .conflict: "conflict"
        case .holdExpired: "hold_expired"
        case .invalid: "invalid"
        case .storeUnavailable: "store_unavailable"
        }
    }

    /// Short human form, e.g. `409 seat 12 of showtime 40 taken`.
    public var description: String {
        switch self {
        case .notFound(let r, let id): "404 \(r.englishName) \(id) not found"
        case .forbidden(let r): "403 forbidden (\(r))"
        case .seatTaken(let s, let seat): "409 seat \(seat) of showtime \(s) taken"
        case .conflict(let r): "409 conflict (\(r))"
        case .holdExpired(let p): "410 hold \(p) expired"
        case .invalid(let r): "422 invalid (\(r))"
        case .storeUnavailable(let f): "503 store unavailable (\(f))"
        }
    }
}
