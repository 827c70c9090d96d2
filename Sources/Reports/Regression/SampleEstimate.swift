/// A pooled estimate over replications (one value per seed): mean with a two-sided Student-t
/// confidence interval, and the spread (min…max, standard deviation).
public struct SampleEstimate: Codable, Sendable, Equatable {
    public var count: Int
    public var mean: Double
    public var standardDeviation: Double
    /// Confidence interval of the mean; equal to the mean when `count < 2`.
    public var confidenceLow: Double
    public var confidenceHigh: Double
    /// Confidence level of the interval, e.g. 0.95.
    public var confidenceLevel: Double
    public var minimum: Double
    public var maximum: Double

    /// The estimate of `values` (non-empty) at `confidenceLevel` (default 95 %).
    public init(_ values: [Double], confidenceLevel: Double = 0.95) {
        precondition(!values.isEmpty, "an estimate needs at least one value")
        count = values.count
        mean = Statistics.mean(values)
        standardDeviation = Statistics.standardDeviation(values)
        self.confidenceLevel = confidenceLevel
        minimum = values.min()!
        maximum = values.max()!
        if count >= 2 {
            let t = Statistics.studentTQuantile(1 - (1 - confidenceLevel) / 2, degreesOfFreedom: Double(count - 1))
            let half = t * standardDeviation / Double(count).squareRoot()
            confidenceLow = mean - half; confidenceHigh = mean + half
        } else {
            confidenceLow = mean; confidenceHigh = mean
        }
    }
}
