import CinemaDomain
import Authorization
import Gateway
import SimulationPrimitives

/// What a client request asks of the platform: a domain command or query with its actor, a login,
/// or a page. Shared (reference-counted) by every call that carries the request, so a service can
/// still execute a command after the client gave up — as a real server does.
struct DomainBody {
    enum Kind {
        case page
        case login(UserID)
        case command(Command, Actor)
        case query(Query, Actor)
    }
    var kind: Kind
    /// Calls and the client request holding this body.
    var references: Int32 = 0
    /// Seats the user picked after reading a seat map (filled by `funcion-query`'s answer).
    var pickedSeats: [UInt16] = []
    /// The `Authorization` header the client sends.
    var credential: BearerCredential = .none
    /// Introspection: the token asked about and the OAuth server's answer.
    var introspectedToken: String? = nil
    var introspection: IntrospectionResponse? = nil
    /// Login: the access token the OAuth server issued and its lifetime.
    var issuedToken: String? = nil
    var issuedTokenLifetime: SimDuration = .zero
}
