import SimulationPrimitives

/// A write concern `{w, wtimeout}` (reference/store-auth-logs.md §1.6).
///
/// `wtimeout` applies only when more than the primary must acknowledge; when it expires the client
/// gets ``StoreError/writeConcernTimeout`` but the write stays applied. Without a `wtimeout`, an
/// unachievable `w` waits until the driver's socket timeout.
public struct WriteConcern: Hashable, Sendable {
    /// How many members must acknowledge.
    public enum Acknowledgement: Hashable, Sendable {
        /// `w: 1`: the primary only. May be rolled back after a failover (§1.6, §1.8).
        case primary
        /// `w: n`: n data-bearing members including the primary.
        case members(Int)
        /// `w: "majority"`: a majority of voting members; never rolled back.
        case majority
    }
    /// The acknowledgement required.
    public var w: Acknowledgement
    /// How long the primary waits for `w` before answering `WriteConcernFailed`; `nil` waits forever.
    public var wtimeout: SimDuration?

    /// A write concern.
    public init(w: Acknowledgement, wtimeout: SimDuration? = nil) { self.w = w; self.wtimeout = wtimeout }

    /// `{w: 1}`.
    public static let primary = WriteConcern(w: .primary)
    /// `{w: "majority"}`: the implicit default since MongoDB 5.0 (§1.6).
    public static let majority = WriteConcern(w: .majority)
}

/// Read concern level (§1.7). `available` behaves as `local` here (no orphan documents are modelled).
public enum ReadConcern: Hashable, Sendable {
    /// The member's latest data; may later be rolled back. Default.
    case local
    /// Data majority-committed as of the member's commit point.
    case majority
}

/// Read preference mode (§1.7). `nearest` picks uniformly among eligible members (every member is
/// inside the `localThresholdMS` window in this model).
public enum ReadPreference: Hashable, Sendable {
    /// Primary only (default; required for writes).
    case primary
    /// The primary; a secondary when no primary is known.
    case primaryPreferred
    /// Secondaries only.
    case secondary
    /// Secondaries; the primary when no secondary is known.
    case secondaryPreferred
    /// Any eligible member.
    case nearest
}
