import SimulationPrimitives

/// Measurements of one M/G/c/K station (a node instance): time-weighted busy workers, queue length
/// and number in system, arrivals, rejections, departures and summed sojourn times — the data for
/// utilisation, queue charts and Little's law `L = λW` (checked per instance in tests).
///
/// Integrals are in worker·nanoseconds (request·ns); ``reset(at:)`` starts the measured window at
/// the end of warm-up. Units in names; all updates O(1) and allocation-free.
public struct StationRecorder: Sendable {
    public private(set) var busy: Int = 0
    public private(set) var queued: Int = 0
    var lastChange: Int64 = 0
    var windowStart: Int64 = 0
    /// ∫ busy dt, ∫ queued dt (ns · count).
    public private(set) var busyIntegral: Double = 0
    public private(set) var queuedIntegral: Double = 0
    public private(set) var arrivals: Int = 0
    public private(set) var rejected: Int = 0
    public private(set) var departures: Int = 0
    /// Σ (departure − arrival) over departures, nanoseconds.
    public private(set) var sojournSumNanoseconds: Double = 0

    public init() {}

    mutating func advance(_ now: SimTime) {
        let t = now.nanosecondsSinceStart
        let dt = Double(t - lastChange)
        if dt > 0 {
            busyIntegral += Double(busy) * dt
            queuedIntegral += Double(queued) * dt
            lastChange = t
        }
    }

    /// A request was accepted into the station (queued or straight to a worker).
    public mutating func arrive(_ now: SimTime, queued isQueued: Bool) {
        advance(now); arrivals += 1
        if isQueued { queued += 1 } else { busy += 1 }
    }

    /// A queued request got a worker.
    public mutating func startFromQueue(_ now: SimTime) { advance(now); queued -= 1; busy += 1 }

    /// A request left the station (released its worker) after `sojourn` in it.
    public mutating func depart(_ now: SimTime, sojourn: SimDuration) {
        advance(now); busy -= 1; departures += 1; sojournSumNanoseconds += Double(sojourn.nanoseconds)
    }

    /// A queued request was dropped without service (its node crashed), after `sojourn`.
    public mutating func dropQueued(_ now: SimTime, sojourn: SimDuration) {
        advance(now); queued -= 1; departures += 1; sojournSumNanoseconds += Double(sojourn.nanoseconds)
    }

    /// A request was refused because the queue was full.
    public mutating func reject() { rejected += 1 }

    /// Starts the measured window at `now` (end of warm-up), keeping the current occupancy.
    public mutating func reset(at now: SimTime) {
        advance(now)
        windowStart = now.nanosecondsSinceStart
        busyIntegral = 0; queuedIntegral = 0; arrivals = 0; rejected = 0; departures = 0; sojournSumNanoseconds = 0
    }

    /// Summary over `[windowStart, now]` for `workers` workers.
    public func summary(at now: SimTime, workers: Int) -> (utilisation: Double, meanQueue: Double, meanInSystem: Double, lambda: Double, meanSojournSeconds: Double) {
        var copy = self
        copy.advance(now)
        let span = Double(now.nanosecondsSinceStart - windowStart)
        guard span > 0 else { return (0, 0, 0, 0, 0) }
        let meanBusy = copy.busyIntegral / span, meanQueue = copy.queuedIntegral / span
        let lambda = Double(copy.departures) / (span / 1e9)
        let w = copy.departures > 0 ? copy.sojournSumNanoseconds / Double(copy.departures) / 1e9 : 0
        return (workers > 0 ? meanBusy / Double(workers) : 0, meanQueue, meanBusy + meanQueue, lambda, w)
    }

    /// Integral snapshot for per-bucket series: (∫busy, ∫queued) up to `now`.
    public mutating func integrals(at now: SimTime) -> (busy: Double, queued: Double) {
        advance(now)
        return (busyIntegral, queuedIntegral)
    }
}
