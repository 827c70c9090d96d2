import SimulationPrimitives

/// Turns a ``DistributionField`` into a sampler with the kernel's `Distribution` parser
/// (`SimulationPrimitives.Distribution(parsingDuration:)`, every family of DESIGN §4).
public enum DistributionResolver {
    /// Checks `field` parses. - Throws: ``ScenarioError`` at the field with the parser's column and fix.
    public static func validate(_ field: DistributionField) throws(ScenarioError) {
        _ = try sampler(for: field)
    }

    /// A sampler for `field`. - Throws: ``ScenarioError`` at the field for bad parameters.
    public static func sampler(for field: DistributionField) throws(ScenarioError) -> DistributionSampler {
        do {
            return DistributionSampler(distribution: try Distribution(parsingDuration: field.text))
        } catch {
            throw ScenarioError(at: field.location, "'\(field.text)' is not a valid distribution: \(error.problem) (column \(error.column))", fix: error.fix)
        }
    }
}

/// A sampler of durations: the kernel's `Distribution` value, sampled with the caller's stream so
/// every component keeps its own deterministic sequence.
public struct DistributionSampler: Sendable, Equatable {
    public var distribution: Distribution
    public init(distribution: Distribution) { self.distribution = distribution }

    /// One sample (≥ 0).
    @inlinable public func sample(_ random: inout RandomStream) -> SimDuration {
        distribution.sampleDuration(using: &random)
    }

    /// The distribution's mean in seconds, when finite.
    public var meanSeconds: Double { distribution.durationMean ?? 0 }
}
