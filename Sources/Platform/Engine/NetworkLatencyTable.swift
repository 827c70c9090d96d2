import SimulationPrimitives

/// Per-hop latency resolved per (from zone, destination): which link distribution applies (same
/// zone, cross zone, internet) as a ``Distribution/Prepared`` sampler, and which entries of the
/// simulation's slow links match, in their order. ``PlatformSimulation/oneWayLatency(fromZone:to:random:)``
/// reads one cell per hop instead of looking up the target's kind and zone, choosing among three
/// samplers and scanning every slow link.
///
/// ```swift
/// table.rebuild(zoneCount: 3, nodes: nodes, sameZone: d1, crossZone: d2, external: d3, slowLinks: slowLinks)
/// let cell = table.cells[table.cellIndex(fromZone: 0, column: table.nodeColumn[node])]
/// ```
///
/// Columns: one per zone for the platform's nodes, then one per zone for external APIs (the
/// internet link; the slow links match an external API by its zone, as the scan did). Built on the
/// first hop and rebuilt after any fault starts or ends (slow links change with faults), so the
/// cells always match `slowLinks`; the draws (one for the link, then one jitter per matching
/// slow link, in `slowLinks` order) are exactly those of the scan it replaces.
struct NetworkLatencyTable {
    /// One (from zone, destination column) pair.
    struct Cell {
        /// The link's sampler (an exponential or lognormal draws inline).
        var sampler: Distribution.Prepared
        /// Which link: 0 same zone, 1 cross zone, 2 external (index into ``distributions``).
        var link: UInt8
        /// The matching slow links: `slowLinkIndices[slowLinkStart ..< slowLinkStart + slowLinkCount]`.
        var slowLinkStart: Int32
        var slowLinkCount: Int32
    }

    /// False until the first hop, and after any fault starts or ends.
    var isBuilt = false
    /// Zones of the topology; the table has `2 × zoneCount` columns.
    var zoneCount = 0
    /// Destination column per node: its zone, plus `zoneCount` for an external API.
    var nodeColumn: [Int32] = []
    /// `zoneCount × 2·zoneCount` cells, row = from zone.
    var cells: [Cell] = []
    /// Indices into the simulation's `slowLinks`, grouped by cell, each group in `slowLinks` order.
    var slowLinkIndices: [Int32] = []
    /// The same-zone, cross-zone and external distributions (for an `empirical` link, which the
    /// prepared sampler cannot draw).
    var distributions: [Distribution] = []
    /// `slowLinks.count` when built (a debug check that nothing changed them without a rebuild).
    var slowLinkCountAtBuild = 0

    /// Cell of (`fromZone`, `column`).
    @inline(__always) func cellIndex(fromZone: Int, column: Int) -> Int { fromZone * 2 * zoneCount + column }

    /// Rebuilds every cell from the topology's link distributions and the current slow links
    /// (`from`/`to` −1 means any zone, as in the scan).
    mutating func rebuild(zoneCount: Int, nodes: borrowing DenseTable<SimNode>, sameZone: Distribution, crossZone: Distribution, external: Distribution,
                          slowLinks: [(from: Int16, to: Int16, latency: SimDuration, jitter: SimDuration)]) {
        self.zoneCount = zoneCount
        nodeColumn = nodes.indices.map { nodes[$0].kind == .external ? Int32(zoneCount) + Int32(nodes[$0].zone) : Int32(nodes[$0].zone) }
        distributions = [sameZone, crossZone, external]
        let prepared = distributions.map { Distribution.Prepared($0) }
        cells.removeAll(keepingCapacity: true)
        slowLinkIndices.removeAll(keepingCapacity: true)
        for from in 0..<zoneCount {
            for column in 0..<2 * zoneCount {
                let targetZone = column % zoneCount
                let link: UInt8 = column >= zoneCount ? 2 : (targetZone == from ? 0 : 1)
                let start = Int32(slowLinkIndices.count)
                for (k, slow) in slowLinks.enumerated()
                where (slow.from == Int16(from) || slow.from == -1) && (slow.to == Int16(targetZone) || slow.to == -1) {
                    slowLinkIndices.append(Int32(k))
                }
                cells.append(Cell(sampler: prepared[Int(link)], link: link, slowLinkStart: start,
                                  slowLinkCount: Int32(slowLinkIndices.count) - start))
            }
        }
        slowLinkCountAtBuild = slowLinks.count
        isBuilt = true
    }
}
