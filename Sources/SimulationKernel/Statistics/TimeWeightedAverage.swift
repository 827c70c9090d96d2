import SimulationPrimitives

/// The time average of a piecewise-constant quantity such as a queue length, the number of busy
/// servers (utilisation) or the number in system: (1/T)∫ value(t) dt.
///
/// ```swift
/// var queueLength = TimeWeightedAverage(startingAt: .zero)
/// queueLength.update(to: 3, at: .zero + .seconds(1))   // 0 during [0, 1 s)
/// queueLength.average(until: .zero + .seconds(2))      // 1.5
/// ```
/// The integral is kept in value·nanoseconds as a `Double` (exact for integer counts up to 2⁵³).
public struct TimeWeightedAverage: Sendable, Equatable {
    /// The current value of the quantity.
    public private(set) var value: Double
    /// When the current value was set.
    public private(set) var lastChange: SimTime
    /// Start of the averaging window.
    public private(set) var windowStart: SimTime
    /// ∫ value dt from ``windowStart`` to ``lastChange``, in value·ns.
    public private(set) var area: Double = 0

    /// Starts averaging at `start` with `initialValue`.
    public init(startingAt start: SimTime, initialValue: Double = 0) {
        value = initialValue; lastChange = start; windowStart = start
    }

    /// The quantity changes to `newValue` at `time` (precondition: not before the last change).
    public mutating func update(to newValue: Double, at time: SimTime) {
        area += value * Double(time.nanosecondsSinceStart - lastChange.nanosecondsSinceStart)
        lastChange = time
        value = newValue
    }

    /// ∫ value dt over [windowStart, `time`] in value·seconds.
    public func integral(until time: SimTime) -> Double {
        (area + value * Double(time.nanosecondsSinceStart - lastChange.nanosecondsSinceStart)) / 1e9
    }

    /// The average over [windowStart, `time`]; the current value if the window is empty.
    public func average(until time: SimTime) -> Double {
        let span = time.nanosecondsSinceStart - windowStart.nanosecondsSinceStart
        guard span > 0 else { return value }
        return integral(until: time) * 1e9 / Double(span)
    }

    /// Starts a new window at `time` keeping the current value (end of warm-up, next batch).
    public mutating func restartWindow(at time: SimTime) {
        update(to: value, at: time)
        area = 0
        windowStart = time
    }
}
