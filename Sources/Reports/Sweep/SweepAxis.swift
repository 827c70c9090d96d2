import Scenarios
import SimulationPrimitives

/// Where a parameter's values sit on a capacity curve's x axis: at their numeric value when every
/// value parses as one kind (a duration in seconds, a rate per second, or a plain number), else at
/// evenly spaced positions labelled with the values as written (categorical).
public struct SweepAxis: Sendable, Equatable {
    public var title: String
    /// Position of each value (same order as the parameter's values).
    public var positions: [Double]
    public var labels: [String]
    public var isNumeric: Bool

    public init(parameter: SweepParameter) {
        title = parameter.path
        labels = parameter.values
        let parsed: [Double]? = SweepAxis.numbers(parameter.values)
        if let parsed, Set(parsed).count == parsed.count {
            positions = parsed; isNumeric = true
        } else {
            positions = parameter.values.indices.map(Double.init); isNumeric = false
        }
    }

    /// All values as plain numbers, or all as rates (per second), or all as durations (seconds); else nil.
    static func numbers(_ values: [String]) -> [Double]? {
        let plain = values.compactMap { Double($0.replacingOccurrences(of: "_", with: "")) }
        if plain.count == values.count { return plain }
        let rates = values.compactMap { text -> Double? in
            guard text.contains("/") else { return nil }
            return try? Rate(parsing: text).perSecond
        }
        if rates.count == values.count { return rates }
        let durations = values.compactMap { text -> Double? in (try? SimDuration(parsing: text)).map { $0.seconds } }
        if durations.count == values.count { return durations }
        return nil
    }
}
