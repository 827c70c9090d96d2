import SimulationPrimitives

/// A service's MongoDB driver settings. Defaults are the MongoDB drivers' (reference/store-auth-logs.md
/// §1.4–§1.6); ``f12BuggyDriver(sessionID:)`` is the reported configuration of case F12.
public struct DriverSettings: Hashable, Sendable {
    /// Topology monitoring (`heartbeatFrequencyMS` 10 s, re-discovery on "not primary").
    public var monitor = TopologyMonitorSettings()
    /// `serverSelectionTimeoutMS`: how long an operation waits for a suitable server (also before its
    /// retry). Default 30 000 ms (§1.4).
    public var serverSelectionTimeout: SimDuration = .seconds(30)
    /// `socketTimeoutMS`: an attempt without a reply for this long fails with ``StoreError/networkTimeout``.
    /// `nil` (the drivers' default, 0) waits forever.
    public var socketTimeout: SimDuration?
    /// `retryWrites`: retry a single-document write once after a retryable error, with the same
    /// session and transaction number so the server applies it at most once. Default true (4.2+ drivers, §1.5).
    public var retryWrites = true
    /// `retryReads`: retry a read once after a retryable error. Default true.
    public var retryReads = true
    /// Default write concern: `w: "majority"` (the implicit default since 5.0, §1.6).
    public var writeConcern = WriteConcern.majority
    /// Default read concern: `local` (§1.7).
    public var readConcern = ReadConcern.local
    /// Default read preference: `primary` (§1.7).
    public var readPreference = ReadPreference.primary
    /// This driver's logical session (`lsid`); give every driver a distinct one.
    public var sessionID: SessionID

    /// Defaults with session `sessionID`.
    public init(sessionID: SessionID) { self.sessionID = sessionID }

    /// Case F12 config A: topology refresh every 300 s, no re-discovery on "not primary", no retryable
    /// writes, read preference `secondaryPreferred` (github.com/mongoid/moped/issues/267, /158).
    public static func f12BuggyDriver(sessionID: SessionID) -> DriverSettings {
        var s = DriverSettings(sessionID: sessionID)
        s.monitor = .f12StaleTopology
        s.retryWrites = false
        s.retryReads = false
        s.readPreference = .secondaryPreferred
        return s
    }
}
