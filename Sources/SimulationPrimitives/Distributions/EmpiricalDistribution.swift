/// A distribution given by a percentile table, sampled by linear interpolation of the inverse CDF
/// between the table's points (so between p50 = 8 ms and p99 = 40 ms values are spread uniformly).
///
/// ```swift
/// let table = try EmpiricalDistribution(points: [(0, 0.001), (0.5, 0.008), (0.99, 0.040), (1, 0.120)])
/// table.quantile(0.75)   // interpolated between p50 and p99
/// ```
///
/// The table must start at cumulative probability 0 (the minimum) and end at 1 (the maximum), with
/// strictly increasing probabilities and non-decreasing values: an open-ended tail would need a
/// parametric assumption, which belongs in a parametric distribution.
public struct EmpiricalDistribution: Sendable, Equatable {
    /// Cumulative probabilities, strictly increasing, first 0, last 1.
    public let probabilities: [Double]
    /// The value at each cumulative probability, non-decreasing.
    public let values: [Double]

    /// Why a table was rejected.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// Fewer than two points.
        case tooFewPoints
        /// The first probability is not 0 or the last is not 1.
        case missingEndpoints
        /// Probabilities not strictly increasing at `index`, or outside [0, 1].
        case probabilitiesNotIncreasing(index: Int)
        /// Values decrease at `index` (a quantile function never decreases), or are not finite.
        case valuesDecreasing(index: Int)

        public var description: String {
            switch self {
            case .tooFewPoints: "an empirical table needs at least two points (p0 and p100)"
            case .missingEndpoints: "an empirical table must start at p0 (the minimum) and end at p100 (the maximum)"
            case .probabilitiesNotIncreasing(let i): "empirical percentiles must increase strictly (point \(i + 1))"
            case .valuesDecreasing(let i): "empirical values must not decrease as the percentile grows (point \(i + 1))"
            }
        }
    }

    /// A table from `(cumulative probability in [0, 1], value)` points in increasing order.
    /// - Throws: ``Problem`` when the points do not form a quantile function.
    public init(points: [(probability: Double, value: Double)]) throws(Problem) {
        guard points.count >= 2 else { throw .tooFewPoints }
        guard points.first!.probability == 0, points.last!.probability == 1 else { throw .missingEndpoints }
        for i in 1..<points.count {
            if !(points[i].probability > points[i - 1].probability) { throw .probabilitiesNotIncreasing(index: i) }
        }
        for i in points.indices where !points[i].value.isFinite { throw .valuesDecreasing(index: i) }
        for i in 1..<points.count where points[i].value < points[i - 1].value { throw .valuesDecreasing(index: i) }
        probabilities = points.map(\.probability)
        values = points.map(\.value)
    }

    /// The interpolated p-quantile, p in [0, 1]. O(log n) binary search.
    @inlinable public func quantile(_ p: Double) -> Double {
        // Largest i with probabilities[i] <= p, then interpolate towards i + 1.
        var low = 0
        var high = probabilities.count - 1
        if p >= 1 { return values[high] }
        if p <= 0 { return values[0] }
        while high - low > 1 {
            let mid = (low + high) >> 1
            if probabilities[mid] <= p { low = mid } else { high = mid }
        }
        let p0 = probabilities[low], p1 = probabilities[high]
        return values[low] + (values[high] - values[low]) * (p - p0) / (p1 - p0)
    }

    /// P(X ≤ x): the inverse of ``quantile(_:)``.
    public func cdf(_ x: Double) -> Double {
        if x < values[0] { return 0 }
        if x >= values[values.count - 1] { return 1 }
        var i = 0
        while i + 1 < values.count && values[i + 1] <= x { i += 1 }
        // values[i] <= x < values[i+1]
        let v0 = values[i], v1 = values[i + 1]
        return probabilities[i] + (probabilities[i + 1] - probabilities[i]) * (x - v0) / (v1 - v0)
    }

    /// E[X]: each segment is uniform between its two values with weight Δp.
    public var mean: Double {
        var total = 0.0
        for i in 1..<values.count {
            total += (probabilities[i] - probabilities[i - 1]) * (values[i - 1] + values[i]) / 2
        }
        return total
    }

    /// Var[X] = E[X²] − E[X]², with E[X²] of a uniform segment [a, b] equal to (a² + ab + b²)/3.
    public var variance: Double {
        var second = 0.0
        for i in 1..<values.count {
            let a = values[i - 1], b = values[i]
            second += (probabilities[i] - probabilities[i - 1]) * (a * a + a * b + b * b) / 3
        }
        let m = mean
        return max(0, second - m * m)
    }
}
