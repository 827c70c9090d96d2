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
    /// What only logins and introspections carry, boxed: `nil` on every other request, so a body
    /// is ~100 bytes instead of ~300 (an inline `IntrospectionResponse?` holds a whole claim set)
    /// and reusing a body's slot destroys one optional reference instead of three optional
    /// payloads (round 8: ~216 instructions per request went to moving and destroying bodies).
    /// Read directly where a caller needs several of its fields. Left to the memberwise
    /// initialiser (always `nil` from the callers): an explicit `init` made `bodies.acquire(DomainBody(…))`
    /// build the body, copy it into the slot and destroy the temporary (~260 instructions a request).
    var exchange: TokenExchange? = nil

    /// Introspection: the token asked about.
    var introspectedToken: String? {
        get { exchange?.introspectedToken }
        set { tokenExchange().introspectedToken = newValue }
    }
    /// Introspection: the OAuth server's answer.
    var introspection: IntrospectionResponse? {
        get { exchange?.introspection }
        set { tokenExchange().introspection = newValue }
    }
    /// Login: the access token the OAuth server issued.
    var issuedToken: String? {
        get { exchange?.issuedToken }
        set { tokenExchange().issuedToken = newValue }
    }
    /// Login: the issued token's lifetime.
    var issuedTokenLifetime: SimDuration {
        get { exchange?.issuedTokenLifetime ?? .zero }
        set { tokenExchange().issuedTokenLifetime = newValue }
    }

    /// This body's exchange box, created on first write. A body lives in one slot of the
    /// simulation's `bodies` table and is never copied to be changed elsewhere, so the box is
    /// never shared between two bodies.
    private mutating func tokenExchange() -> TokenExchange {
        if let exchange { return exchange }
        let box = TokenExchange()
        exchange = box
        return box
    }
}

/// The login and introspection fields of a ``DomainBody`` (see there).
final class TokenExchange {
    var introspectedToken: String?
    var introspection: IntrospectionResponse?
    var issuedToken: String?
    var issuedTokenLifetime: SimDuration = .zero
}
