/// How a client request (or one journey step) ended; exactly one per request (DESIGN §2).
public enum RequestOutcome: UInt8, Sendable, CaseIterable {
    case success, degraded, clientTimeout, clientError4xx, serverError5xx, shed

    /// Whether it counts towards availability (success or served by a fallback).
    /// Inlinable: the platform asks it once or twice per client request.
    @inlinable public var isAvailable: Bool { self == .success || self == .degraded }
}

extension OutcomeCounts {
    @inline(__always) mutating func add(_ outcome: RequestOutcome) {
        switch outcome {
        case .success: success += 1
        case .degraded: degraded += 1
        case .clientTimeout: clientTimeout += 1
        case .clientError4xx: clientError4xx += 1
        case .serverError5xx: serverError5xx += 1
        case .shed: shed += 1
        }
    }
}
