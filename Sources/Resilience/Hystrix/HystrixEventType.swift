/// Hystrix's command event types (reference/netflix-oss.md §1.3, §1.6; `HystrixEventType.java`).
///
/// The raw values are the names Hystrix uses; `rollingCountFieldName` is the hystrix.stream field
/// the event is counted in (§2.1).
public enum HystrixEventType: Int, Sendable, Equatable, CaseIterable, CustomStringConvertible {
    case success, failure, timeout, badRequest, shortCircuited, threadPoolRejected, semaphoreRejected
    case fallbackSuccess, fallbackFailure, fallbackRejection, fallbackMissing, fallbackDisabled
    case exceptionThrown, responseFromCache, cancelled, emit, fallbackEmit, collapsed

    /// The Hystrix name, e.g. `SHORT_CIRCUITED`.
    public var description: String {
        switch self {
        case .success: "SUCCESS"
        case .failure: "FAILURE"
        case .timeout: "TIMEOUT"
        case .badRequest: "BAD_REQUEST"
        case .shortCircuited: "SHORT_CIRCUITED"
        case .threadPoolRejected: "THREAD_POOL_REJECTED"
        case .semaphoreRejected: "SEMAPHORE_REJECTED"
        case .fallbackSuccess: "FALLBACK_SUCCESS"
        case .fallbackFailure: "FALLBACK_FAILURE"
        case .fallbackRejection: "FALLBACK_REJECTION"
        case .fallbackMissing: "FALLBACK_MISSING"
        case .fallbackDisabled: "FALLBACK_DISABLED"
        case .exceptionThrown: "EXCEPTION_THROWN"
        case .responseFromCache: "RESPONSE_FROM_CACHE"
        case .cancelled: "CANCELLED"
        case .emit: "EMIT"
        case .fallbackEmit: "FALLBACK_EMIT"
        case .collapsed: "COLLAPSED"
        }
    }

    /// Whether the event is a rejection by isolation (thread pool or semaphore).
    public var isRejection: Bool { self == .threadPoolRejected || self == .semaphoreRejected }

    /// How the event enters the breaker's health counts (§1.6): `(total, error)` increments.
    /// With `rejectionsCountAsFailures == false` (case F05) rejections count in neither.
    public func healthContribution(rejectionsCountAsFailures: Bool) -> (total: Int, errors: Int) {
        switch self {
        case .success: (1, 0)
        case .failure, .timeout: (1, 1)
        case .threadPoolRejected, .semaphoreRejected: rejectionsCountAsFailures ? (1, 1) : (0, 0)
        default: (0, 0)
        }
    }

    /// The `rollingCount…` field of hystrix.stream that counts this event (§2.1), if any.
    public var rollingCountFieldName: String? {
        switch self {
        case .badRequest: "rollingCountBadRequests"
        case .collapsed: "rollingCountCollapsedRequests"
        case .emit: "rollingCountEmit"
        case .exceptionThrown: "rollingCountExceptionsThrown"
        case .failure: "rollingCountFailure"
        case .fallbackEmit: "rollingCountFallbackEmit"
        case .fallbackFailure: "rollingCountFallbackFailure"
        case .fallbackMissing: "rollingCountFallbackMissing"
        case .fallbackRejection: "rollingCountFallbackRejection"
        case .fallbackSuccess: "rollingCountFallbackSuccess"
        case .responseFromCache: "rollingCountResponsesFromCache"
        case .semaphoreRejected: "rollingCountSemaphoreRejected"
        case .shortCircuited: "rollingCountShortCircuited"
        case .success: "rollingCountSuccess"
        case .threadPoolRejected: "rollingCountThreadPoolRejected"
        case .timeout: "rollingCountTimeout"
        case .fallbackDisabled, .cancelled: nil
        }
    }
}
