#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Closed-form steady state of an M/M/c FCFS queue (Erlang C), the expected values of
/// `cinesim verify` and of capacity estimates.
///
/// ```swift
/// let q = ErlangC(arrivalRatePerSecond: 2, serviceRatePerSecond: 1, servers: 3)
/// q.waitProbability   // 4/9
/// q.meanWait          // 4/9 s
/// ```
/// Formulas (reference/simulation-anchors.md §5; Kleinrock, *Queueing Systems* vol. 1 §3.5):
/// a = λ/μ, ρ = a/c; Erlang B by the stable recursion B₀ = 1, B_k = a·B_{k−1}/(k + a·B_{k−1});
/// C = B_c / (1 − ρ(1 − B_c)); Wq = C/(cμ − λ); Lq = λWq; W = Wq + 1/μ; L = λW;
/// P(Wq > t) = C·e^{−(cμ−λ)t}. Times are in seconds, rates per second.
public struct ErlangC: Sendable, Equatable {
    /// λ, arrivals per second.
    public let arrivalRatePerSecond: Double
    /// μ, services per second per server.
    public let serviceRatePerSecond: Double
    /// c, identical servers.
    public let servers: Int

    /// A stable M/M/c queue. Precondition: rates positive, c ≥ 1, ρ < 1.
    public init(arrivalRatePerSecond: Double, serviceRatePerSecond: Double, servers: Int) {
        precondition(arrivalRatePerSecond > 0 && serviceRatePerSecond > 0 && servers >= 1, "ErlangC needs positive rates and servers")
        precondition(arrivalRatePerSecond < Double(servers) * serviceRatePerSecond, "ErlangC needs ρ < 1 (λ < cμ)")
        self.arrivalRatePerSecond = arrivalRatePerSecond
        self.serviceRatePerSecond = serviceRatePerSecond
        self.servers = servers
    }

    /// a = λ/μ, in Erlangs.
    public var offeredLoad: Double { arrivalRatePerSecond / serviceRatePerSecond }
    /// ρ = a/c, the utilisation of each server.
    public var utilisation: Double { offeredLoad / Double(servers) }

    /// Erlang B blocking probability B(c, a) by the recursion (no factorials, no overflow).
    public var erlangB: Double {
        let a = offeredLoad
        var b = 1.0
        for k in 1...servers { b = a * b / (Double(k) + a * b) }
        return b
    }

    /// C(c, a): the probability an arrival waits.
    public var waitProbability: Double {
        let b = erlangB
        return b / (1 - utilisation * (1 - b))
    }

    /// cμ − λ, the decay rate of the waiting-time tail (per second).
    var tailRate: Double { Double(servers) * serviceRatePerSecond - arrivalRatePerSecond }

    /// Wq, the mean wait before service (s).
    public var meanWait: Double { waitProbability / tailRate }
    /// Lq = λWq, the mean number waiting.
    public var meanQueueLength: Double { arrivalRatePerSecond * meanWait }
    /// W = Wq + 1/μ, the mean time in system (s).
    public var meanResponseTime: Double { meanWait + 1 / serviceRatePerSecond }
    /// L = λW, the mean number in system.
    public var meanNumberInSystem: Double { arrivalRatePerSecond * meanResponseTime }

    /// P(Wq > t) = C·e^{−(cμ−λ)t} for t ≥ 0 (seconds).
    public func probabilityWaitExceeds(_ seconds: Double) -> Double {
        waitProbability * exp(-tailRate * seconds)
    }

    /// The p-quantile of the wait: ln(C/(1−p))/(cμ − λ) when C > 1 − p, else 0 (most arrivals do not wait).
    public func waitQuantile(_ p: Double) -> Double {
        let c = waitProbability
        return c > 1 - p ? log(c / (1 - p)) / tailRate : 0
    }
}
