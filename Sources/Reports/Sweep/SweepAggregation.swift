import Telemetry

/// A sample's mean with a 95 % confidence half-width (Student t with n − 1 degrees of freedom;
/// 0 for a single seed), plus min and max.
public struct SweepEstimate: Codable, Sendable, Equatable {
    public var n: Int
    public var mean: Double
    /// `t(0.975, n−1) · s / √n`; the interval is `mean ± halfWidth95`.
    public var halfWidth95: Double
    public var min: Double
    public var max: Double

    public init(_ sample: [Double]) {
        n = sample.count
        mean = sample.isEmpty ? 0 : Statistics.mean(sample)
        min = sample.min() ?? 0; max = sample.max() ?? 0
        if sample.count >= 2 {
            let t = Statistics.studentTQuantile(0.975, degreesOfFreedom: Double(sample.count - 1))
            halfWidth95 = t * Statistics.standardDeviation(sample) / Double(sample.count).squareRoot()
        } else {
            halfWidth95 = 0
        }
    }
}

/// One grid cell aggregated across its seeds.
public struct SweepCell: Codable, Sendable, Equatable {
    public var cell: Int
    public var values: [String]
    /// Seeds present for this cell (fewer than the grid's in a shard's partial result).
    public var seeds: Int
    /// Points whose budgets or invariants failed.
    public var failedPoints: Int
    public var seatsSoldPerSecond: SweepEstimate
    public var routes: [SweepCellRoute]
}

/// A route's capacity-curve numbers in one cell.
public struct SweepCellRoute: Codable, Sendable, Equatable {
    public var kind: RouteSummary.Kind
    public var name: String
    public var p99Ms: SweepEstimate
    public var availabilityPercent: SweepEstimate
    public var throughputPerSecond: SweepEstimate
}

/// Aggregates point results into cells (mean and CI across seeds), the data of the capacity curves.
public enum SweepAggregation {
    /// Cells in grid order, only those with at least one point; routes sorted by kind then name.
    /// A route missing from a seed's summary, or with no request in it, is left out of that seed's
    /// sample (its percentiles would read 0), so `n` can be below the cell's seeds.
    public static func cells(grid: SweepGrid, points: [SweepPointResult]) -> [SweepCell] {
        var byCell: [Int: [SweepPointResult]] = [:]
        for p in points { byCell[p.cell, default: []].append(p) }
        return byCell.keys.sorted().map { cell in
            let members = byCell[cell]!.sorted { $0.index < $1.index }
            var keys: [(RouteSummary.Kind, String)] = []
            for p in members { for r in p.routes where !keys.contains(where: { $0 == (r.kind, r.name) }) { keys.append((r.kind, r.name)) } }
            keys.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            let routes = keys.map { key -> SweepCellRoute in
                let sample = members.compactMap { p in p.routes.first { $0.kind == key.0 && $0.name == key.1 && $0.count > 0 } }
                return SweepCellRoute(kind: key.0, name: key.1,
                                      p99Ms: SweepEstimate(sample.map(\.p99Ms)),
                                      availabilityPercent: SweepEstimate(sample.map(\.availabilityPercent)),
                                      throughputPerSecond: SweepEstimate(sample.map(\.throughputPerSecond)))
            }
            return SweepCell(cell: cell, values: grid.values(ofCell: cell), seeds: members.count,
                             failedPoints: members.filter { !$0.passed }.count,
                             seatsSoldPerSecond: SweepEstimate(members.map(\.seatsSoldPerSecond)), routes: routes)
        }
    }
}
