import SimulationPrimitives

/// A typed store failure. Server errors carry MongoDB's error code (``code``), from the error-code
/// tables cited in reference/store-auth-logs.md §1.4–§1.5; driver-side failures have no server code.
public enum StoreError: Error, Hashable, Sendable {
    /// `NotWritablePrimary` (10107): a write or primary read reached a member that is not primary.
    case notWritablePrimary
    /// `NotPrimaryNoSecondaryOk` (13435): a read needing the primary reached a secondary.
    case notPrimaryNoSecondaryOk
    /// `NotPrimaryOrSecondary` (13436): the member is neither (starting up, arbiter, rolling back).
    case notPrimaryOrSecondary
    /// `InterruptedDueToReplStateChange` (11602): the primary stepped down while the op was in progress.
    case interruptedDueToReplStateChange
    /// `PrimarySteppedDown` (189).
    case primarySteppedDown
    /// `DuplicateKey` (11000): the `_id` or a unique index value exists.
    case duplicateKey
    /// `TypeMismatch` (14): `$inc` on a non-integer field.
    case typeMismatch
    /// `WriteConcernFailed` (64): `wtimeout` expired; the write stays applied (§1.6).
    case writeConcernTimeout
    /// `StaleConfig` (13388): the router's routing table is older than the shard's.
    case staleConfig
    /// `ShardNotFound`/unavailable: no primary (or eligible member) of a shard was reachable within
    /// the router's server-selection timeout.
    case shardUnavailable
    /// `NetworkTimeout` (89): the driver's socket timeout expired before the reply.
    case networkTimeout
    /// `HostUnreachable` (6): the platform could not deliver the request (node down, connection refused).
    case hostUnreachable
    /// Driver-side: no suitable server within `serverSelectionTimeoutMS` (§1.4, default 30 s).
    case serverSelectionTimeout

    /// The MongoDB server error code, or `nil` for a driver-side failure.
    public var code: Int? {
        switch self {
        case .notWritablePrimary: return 10107
        case .notPrimaryNoSecondaryOk: return 13435
        case .notPrimaryOrSecondary: return 13436
        case .interruptedDueToReplStateChange: return 11602
        case .primarySteppedDown: return 189
        case .duplicateKey: return 11000
        case .typeMismatch: return 14
        case .writeConcernTimeout: return 64
        case .staleConfig: return 13388
        case .shardUnavailable: return 70
        case .networkTimeout: return 89
        case .hostUnreachable: return 6
        case .serverSelectionTimeout: return nil
        }
    }

    /// A "not primary" or "recovering" state-change error: the driver marks the server Unknown and
    /// (unless configured not to, case F12) re-checks the topology at once (SDAM spec).
    public var isStateChangeError: Bool {
        switch self {
        case .notWritablePrimary, .notPrimaryNoSecondaryOk, .notPrimaryOrSecondary,
             .interruptedDueToReplStateChange, .primarySteppedDown: return true
        default: return false
        }
    }

    /// Whether a retryable write (or read) may be retried once after this error (§1.5: the not-primary
    /// and recovering codes, HostUnreachable, NetworkTimeout; a router's shard-unavailable error).
    public var isRetryable: Bool {
        isStateChangeError || self == .networkTimeout || self == .hostUnreachable || self == .shardUnavailable
    }
}
