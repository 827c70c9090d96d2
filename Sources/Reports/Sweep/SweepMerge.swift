/// Joins shard results (`cinesim merge`) into the result the unsharded sweep would have written.
public enum SweepMerge {
    /// - Throws: ``SweepInputError`` when the inputs come from different sweeps (scenario name, file
    ///   hash, overrides, budget targets or grid differ; the scenario path may differ and the first is kept), when two inputs hold the same point, or — with `requireComplete` —
    ///   when a point is missing (the message lists the missing indices).
    public static func merge(_ parts: [SweepResult], requireComplete: Bool = true) throws(SweepInputError) -> SweepResult {
        guard let first = parts.first else { throw SweepInputError("merge needs at least one sweep folder") }
        for part in parts.dropFirst() {
            // The path may differ between batch workers (mount points); the file hash is the identity.
            var scenario = part.scenario
            scenario.file = first.scenario.file
            guard scenario == first.scenario else {
                throw SweepInputError("cannot merge sweeps of different scenarios or overrides ('\(first.scenario.name)' \(first.scenario.fileHash) vs '\(part.scenario.name)' \(part.scenario.fileHash))")
            }
            guard part.grid == first.grid else { throw SweepInputError("cannot merge sweeps with different parameter grids or seeds") }
        }
        var points: [Int: SweepPointResult] = [:]
        for part in parts {
            for p in part.points {
                if let existing = points[p.index] {
                    guard existing == p else { throw SweepInputError("point \(p.index) appears twice with different results") }
                }
                points[p.index] = p
            }
        }
        let merged = SweepResult(scenario: first.scenario, grid: first.grid, shard: nil, points: points.keys.sorted().map { points[$0]! })
        if requireComplete && !merged.isComplete {
            let missing = (0..<merged.pointCount).filter { points[$0] == nil }
            let shown = missing.prefix(20).map(String.init).joined(separator: ", ")
            throw SweepInputError("the merged sweep misses \(missing.count) of \(merged.pointCount) points (\(shown)\(missing.count > 20 ? ", …" : "")); merge every shard's folder")
        }
        return merged
    }
}
