import SimulationPrimitives
import Foundation

/// SEAM (kernel): turns a ``DistributionField`` into something that can be sampled.
///
/// Until `SimulationKernel.Distribution` and its parser land in `main`, this understands the
/// parameters of `constant(d)` and `exponential(mean: d)` only and reports other families as not
/// yet samplable (a located error). When the kernel lands, `validate` calls its parser and
/// `DistributionSampler` wraps its `Distribution`.
public enum DistributionSeam {
    /// Checks the parameters of `field` can be sampled. - Throws: ``ScenarioError`` at the field.
    public static func validate(_ field: DistributionField) throws(ScenarioError) {
        _ = try sampler(for: field)
    }

    /// A sampler for `field`. - Throws: ``ScenarioError`` at the field for bad parameters.
    public static func sampler(for field: DistributionField) throws(ScenarioError) -> DistributionSampler {
        let arguments = field.arguments.trimmingCharacters(in: .whitespaces)
        switch field.family {
        case "constant":
            guard let value = try? SimDuration(parsing: arguments) else {
                throw ScenarioError(at: field.location, "constant(...) needs one duration, found '\(arguments)'", fix: "write e.g. constant(5ms)")
            }
            return DistributionSampler(kind: .constant, meanNanoseconds: Double(value.nanoseconds))
        case "exponential":
            let parts = arguments.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, parts[0] == "mean", let mean = try? SimDuration(parsing: parts[1]), mean.nanoseconds > 0 else {
                throw ScenarioError(at: field.location, "exponential(...) needs 'mean: <duration>', found '\(arguments)'", fix: "write e.g. exponential(mean: 2s)")
            }
            return DistributionSampler(kind: .exponential, meanNanoseconds: Double(mean.nanoseconds))
        default:
            throw ScenarioError(at: field.location, "\(field.family)(...) cannot be sampled yet: the kernel's distribution parser has not landed",
                                fix: "use constant(...) or exponential(mean: ...) for now")
        }
    }
}

/// A sampler of durations (SEAM, see ``DistributionSeam``): a value type, sampled with the
/// caller's stream so every component keeps its own deterministic sequence.
public struct DistributionSampler: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case constant, exponential }
    public var kind: Kind
    public var meanNanoseconds: Double

    /// One sample in nanoseconds (≥ 0).
    @inlinable public func sample(_ random: inout RandomStream) -> SimDuration {
        switch kind {
        case .constant: return SimDuration(nanoseconds: Int64(meanNanoseconds))
        case .exponential: return SimDuration(nanoseconds: Int64(-log(random.nextOpenDouble()) * meanNanoseconds))
        }
    }

    /// The distribution's mean in seconds (used for capacity hints in `describe`).
    public var meanSeconds: Double { meanNanoseconds / 1e9 }
}
