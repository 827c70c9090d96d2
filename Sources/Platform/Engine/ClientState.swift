import SimulationPrimitives
import SimulationKernel
import Scenarios
import CinemaDomain
import Authorization

/// What a session's token is (attackers carry bad ones on purpose).
enum TokenState: UInt8 {
    case none, valid, expired, forged, missing
}

/// A simulated user's session: a journey in progress, its zone and its token.
struct Session {
    var journey: Journey
    /// Index into the journey's step list.
    var step: Int16 = 0
    var zone: Int16
    var token: TokenState
    var tokenExpiry: SimTime = .zero
    var attacker: Bool
    /// The funcion this user looks at / buys (the premiere in a flash sale) and the cliente id.
    var funcionKey: UInt32
    var clienteKey: UInt32
    /// Closed-model users loop forever; open-model sessions end with their journey.
    var closedUser: Bool
    /// For the manage journey: which catalogue write this run makes.
    var variant: UInt8
    /// The user (customer, manager or admin) and what they look at and buy.
    var userId: Int64 = 0
    var showtime: Int32 = 0
    var purchase: Int64 = 0
    var seats: [UInt16] = []
    var managedCinema = CinemaID(0)
    /// The access token the session holds (a real JWT, or an attacker's bad one), wrapped once
    /// with its validator-memo fingerprint (`Authorization.BearerToken`) for all its requests.
    var tokenString: BearerToken? = nil
    /// When the current journey began (its latency is measured from here).
    var journeyStart: SimTime
    /// The edge instance this journey's connection goes to (`workload.edge_affinity: session`),
    /// resolved at `edgeResolvedFor` = the journey's start; -1 before the first request.
    var edge: Int32 = -1
    var edgeResolvedFor: SimTime = .zero
}

/// One client request (one journey step), from the first send to its single outcome.
struct ClientRequest {
    var session: Int32
    var sessionGeneration: UInt32
    var route: Int16
    var intendedStart: SimTime
    var actualStart: SimTime
    var retries: Int8 = 0
    var rootCall: Int32 = -1
    var rootGeneration: UInt32 = 0
    var timeout: TimerHandle? = nil
    /// The request body (one reference held by the request).
    var body: Int32 = -1
    var step: JourneyStep = .page
    /// Retries made by call stacks on this request's path.
    var callRetries: Int16 = 0
    /// Trace id (0 until the first attempt) and sampling decision (Observability).
    var traceID: UInt64 = 0
    var sampling: SamplingDecision = []
}
