/// A two-sided confidence interval for a mean: `mean ± halfWidth` at `level`.
///
/// ```swift
/// let ci = ConfidenceInterval(batchMeans: [4.1, 3.9, 4.0, 4.2], level: 0.95)
/// ci.contains(4.0)   // true
/// ```
public struct ConfidenceInterval: Sendable, Equatable {
    /// The point estimate (the mean of the batch means).
    public var mean: Double
    /// Half the interval's width: t_{ν, (1+level)/2} · s/√k.
    public var halfWidth: Double
    /// The confidence level, e.g. 0.95.
    public var level: Double
    /// Degrees of freedom of the t quantile used (batches − 1).
    public var degreesOfFreedom: Int

    /// Lower end.
    public var lower: Double { mean - halfWidth }
    /// Upper end.
    public var upper: Double { mean + halfWidth }
    /// Whether `value` lies in [lower, upper].
    public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }

    /// Creates an interval from its parts.
    public init(mean: Double, halfWidth: Double, level: Double, degreesOfFreedom: Int) {
        self.mean = mean; self.halfWidth = halfWidth; self.level = level; self.degreesOfFreedom = degreesOfFreedom
    }

    /// The batch-means interval (Law, *Simulation Modeling and Analysis*, 5th ed., §9.5.3): the k
    /// batch means are treated as independent and normal, so mean ± t_{k−1,(1+level)/2}·s/√k.
    /// Batches must be long compared with the output's correlation time for that to hold.
    /// Precondition: at least two batches.
    public init(batchMeans: [Double], level: Double) {
        precondition(batchMeans.count >= 2, "a batch-means interval needs at least two batches")
        var stats = RunningStatistics()
        for value in batchMeans { stats.add(value) }
        let nu = batchMeans.count - 1
        let t = StudentT.twoSidedCriticalValue(level: level, degreesOfFreedom: nu)
        self.init(mean: stats.mean, halfWidth: t * (stats.variance / Double(batchMeans.count)).squareRoot(), level: level, degreesOfFreedom: nu)
    }
}
