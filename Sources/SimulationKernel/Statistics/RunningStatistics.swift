/// Streaming count, mean, variance, minimum and maximum in O(1) memory (Welford 1962), mergeable
/// across shards or replications (Chan, Golub & LeVeque 1979).
///
/// ```swift
/// var s = RunningStatistics()
/// for x in [2.0, 4, 4, 4, 5, 5, 7, 9] { s.add(x) }
/// s.mean; s.variance   // 5.0, 32/7 (sample variance, n − 1)
/// ```
/// Welford's update avoids the catastrophic cancellation of Σx² − (Σx)²/n.
public struct RunningStatistics: Sendable, Equatable {
    /// Observations added.
    public private(set) var count: Int = 0
    /// Their mean (0 when empty).
    public private(set) var mean: Double = 0
    /// Σ(x − mean)², Welford's M₂.
    public private(set) var sumOfSquaredDeviations: Double = 0
    /// Smallest observation (+∞ when empty).
    public private(set) var minimum: Double = .infinity
    /// Largest observation (−∞ when empty).
    public private(set) var maximum: Double = -.infinity

    /// Empty statistics.
    public init() {}

    /// Adds one observation.
    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        sumOfSquaredDeviations += delta * (x - mean)
        if x < minimum { minimum = x }
        if x > maximum { maximum = x }
    }

    /// Sample variance (divisor n − 1); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? sumOfSquaredDeviations / Double(count - 1) : 0 }
    /// Population variance (divisor n).
    public var populationVariance: Double { count > 0 ? sumOfSquaredDeviations / Double(count) : 0 }
    /// Sample standard deviation.
    public var standardDeviation: Double { variance.squareRoot() }

    /// Combines with statistics of another set of observations, as if all had been added here.
    public mutating func merge(_ other: RunningStatistics) {
        guard other.count > 0 else { return }
        guard count > 0 else { self = other; return }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        sumOfSquaredDeviations += other.sumOfSquaredDeviations + delta * delta * Double(count) * Double(other.count) / n
        mean += delta * Double(other.count) / n
        count += other.count
        minimum = min(minimum, other.minimum)
        maximum = max(maximum, other.maximum)
    }
}
