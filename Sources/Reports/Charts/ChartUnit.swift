import SimulationPrimitives
import Telemetry

/// Units of a chart axis, which decide tick labels (`250 ms`, `1.5 s`, `99.5%`, `1.2k/s`, `30s`).
public enum ChartUnit: Sendable, Equatable {
    case milliseconds, percent, perSecond, count, fraction, seconds
    /// A time axis: seconds since the run's start, labelled as durations (`1m30s`).
    case time

    /// The label of tick value `v`.
    public func label(_ v: Double) -> String {
        switch self {
        case .milliseconds: return v >= 1000 ? ChartUnit.short(v / 1000) + " s" : ChartUnit.short(v) + " ms"
        case .percent: return ChartUnit.short(v) + "%"
        case .perSecond: return ChartUnit.short(v) + "/s"
        case .count: return ChartUnit.short(v)
        case .fraction: return ChartUnit.short(v)
        case .seconds: return ChartUnit.short(v) + " s"
        case .time: return v == 0 ? "0" : DurationFormat.format(SimDuration(seconds: v))
        }
    }

    /// The unit's name for an axis title.
    public var axisName: String {
        switch self {
        case .milliseconds: return "latency"
        case .percent: return "percent"
        case .perSecond: return "per second"
        case .count: return "count"
        case .fraction: return "fraction"
        case .seconds: return "seconds"
        case .time: return "time since start"
        }
    }

    /// `1200` → `1.2k`, `2500000` → `2.5M`, small values with up to 3 decimals.
    static func short(_ v: Double) -> String {
        let a = abs(v)
        if a >= 1e6 { return BudgetFormat.number(v / 1e6, fractionDigits: 2) + "M" }
        if a >= 1e4 { return BudgetFormat.number(v / 1e3, fractionDigits: 1) + "k" }
        return BudgetFormat.number(v, fractionDigits: 3)
    }
}
