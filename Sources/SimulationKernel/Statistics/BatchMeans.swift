/// Batch means over a stream of observations: consecutive groups of `batchSize` observations are
/// averaged, and the batch averages give a confidence interval for the steady-state mean even when
/// the observations are autocorrelated (successive waiting times in a queue), provided a batch is
/// much longer than the correlation time (Law, *Simulation Modeling and Analysis*, §9.5.3).
///
/// ```swift
/// var waits = BatchMeans(batchSize: 10_000)
/// for w in observedWaits { waits.add(w) }
/// let ci = waits.confidenceInterval(level: 0.95)   // needs ≥ 2 complete batches
/// ```
/// A trailing incomplete batch is ignored, so every batch has the same weight.
public struct BatchMeans: Sendable, Equatable {
    /// Observations per batch.
    public let batchSize: Int
    /// Means of the completed batches, in order.
    public private(set) var batchMeans: [Double] = []
    var current = RunningStatistics()

    /// Batches of `batchSize` observations (precondition: positive).
    public init(batchSize: Int) {
        precondition(batchSize > 0, "BatchMeans needs a positive batch size")
        self.batchSize = batchSize
    }

    /// Adds one observation; closes the batch when it is full.
    public mutating func add(_ x: Double) {
        current.add(x)
        if current.count == batchSize {
            batchMeans.append(current.mean)
            current = RunningStatistics()
        }
    }

    /// The interval from the completed batches. Precondition: at least two.
    public func confidenceInterval(level: Double) -> ConfidenceInterval {
        ConfidenceInterval(batchMeans: batchMeans, level: level)
    }
}
