import SimulationPrimitives
import Scenarios

extension PlatformSimulation {
    /// Linux gives up a connection attempt to a silent host after ~127 s (6 SYN retries); a read
    /// with no socket timeout waits until TCP gives up (~15 min, `tcp_retries2`).
    static let osConnectTimeout = SimDuration.seconds(127)
    static let osReadGiveUp = SimDuration.seconds(924)

    /// One-way latency from `fromZone` to node `to` (external APIs use the internet link).
    @inline(__always)
    func oneWayLatency(fromZone: Int16, to node: Int32) -> SimDuration {
        oneWayLatency(fromZone: fromZone, to: node, random: &networkRandom)
    }

    /// The same drawn from `random`: the store's messages draw from their own stream, so the store
    /// processes' background traffic (heartbeats, replication) never shifts the HTTP calls' draws.
    ///
    /// One cell of ``NetworkLatencyTable`` per hop (built on first use, rebuilt when a fault starts
    /// or ends): the link's prepared sampler, then the matching slow links. Same draws, in the same
    /// order, as ``oneWayLatencyScan(fromZone:to:random:)``.
    ///
    /// The common hop (table built, zone in the topology, no slow link on the cell, a parametric
    /// link) is inlined into the callers: 11 M hops in the full reference run each paid a call
    /// with a large frame (saved registers for the rebuild and scan paths). Anything else goes to
    /// ``oneWayLatencyCell(fromZone:to:random:)`` before any draw, so the draws are the same.
    @inline(__always)
    func oneWayLatency(fromZone: Int16, to node: Int32, random: inout RandomStream) -> SimDuration {
        if networkLatencyTable.isBuilt && fromZone >= 0 && Int(fromZone) < networkLatencyTable.zoneCount {
            let column = Int(networkLatencyTable.nodeColumn[Int(node)])
            let cell = networkLatencyTable.cells[networkLatencyTable.cellIndex(fromZone: Int(fromZone), column: column)]
            if cell.slowLinkCount == 0, let latency = cell.sampler.sampleDuration(using: &random) { return latency }
        }
        return oneWayLatencyCell(fromZone: fromZone, to: node, random: &random)
    }

    /// ``oneWayLatency(fromZone:to:random:)`` in full: builds the table if needed, falls back to
    /// the scan for a zone outside the topology, samples an `empirical` link through its
    /// distribution and adds the cell's slow links.
    @inline(never)
    func oneWayLatencyCell(fromZone: Int16, to node: Int32, random: inout RandomStream) -> SimDuration {
        if !networkLatencyTable.isBuilt { rebuildNetworkLatencyTable() }
        assert(networkLatencyTable.slowLinkCountAtBuild == slowLinks.count, "slowLinks changed without a table rebuild")
        let zoneCount = networkLatencyTable.zoneCount
        guard fromZone >= 0 && Int(fromZone) < zoneCount else { return oneWayLatencyScan(fromZone: fromZone, to: node, random: &random) }
        let column = Int(networkLatencyTable.nodeColumn[Int(node)])
        let cell = networkLatencyTable.cells[networkLatencyTable.cellIndex(fromZone: Int(fromZone), column: column)]
        var latency: SimDuration
        if let sample = cell.sampler.sampleDuration(using: &random) {
            latency = sample
        } else {
            latency = networkLatencyTable.distributions[Int(cell.link)].sampleDuration(using: &random)
        }
        if cell.slowLinkCount > 0 {
            for k in Int(cell.slowLinkStart)..<Int(cell.slowLinkStart + cell.slowLinkCount) {
                let link = slowLinks[Int(networkLatencyTable.slowLinkIndices[k])]
                latency += link.latency + Self.jitter(link.jitter, random: &random)
            }
        }
        return latency
    }

    /// Rebuilds ``networkLatencyTable`` from the topology's link distributions and `slowLinks`.
    func rebuildNetworkLatencyTable() {
        networkLatencyTable.rebuild(zoneCount: scenario.topology.zones.count, nodes: nodes,
                                    sameZone: sameZoneLatency.distribution, crossZone: crossZoneLatency.distribution,
                                    external: externalLatency.distribution, slowLinks: slowLinks)
    }

    /// The latency by scanning: the target's kind and zone choose the link, then every slow link
    /// is tested. The reference ``oneWayLatency(fromZone:to:random:)`` must match (tests), and its
    /// path for a zone outside the topology.
    func oneWayLatencyScan(fromZone: Int16, to node: Int32, random: inout RandomStream) -> SimDuration {
        let targetKind = nodes[Int(node)].kind, targetZone = nodes[Int(node)].zone
        var latency: SimDuration
        if targetKind == .external {
            latency = externalLatency.sample(&random)
        } else if targetZone == fromZone {
            latency = sameZoneLatency.sample(&random)
        } else {
            latency = crossZoneLatency.sample(&random)
        }
        for link in slowLinks where (link.from == fromZone || link.from == -1) && (link.to == targetZone || link.to == -1) {
            latency += link.latency + Self.jitter(link.jitter, random: &random)
        }
        return latency
    }

    /// Uniform in [−jitter, +jitter) as Toxiproxy's latency toxic (reference/loadtest-chaos.md §4b), floored so latency stays ≥ 0.
    @inline(__always)
    func jitter(_ jitter: SimDuration) -> SimDuration { Self.jitter(jitter, random: &networkRandom) }

    ///
    /// The no-jitter test is inlined into the callers (most hops carry no jitter); the draw is not.
    @inline(__always)
    static func jitter(_ jitter: SimDuration, random: inout RandomStream) -> SimDuration {
        guard jitter.nanoseconds > 0 else { return .zero }
        return jitterDraw(jitter, random: &random)
    }

    /// The draw of ``jitter(_:random:)`` for a positive `jitter`.
    @inline(never)
    static func jitterDraw(_ jitter: SimDuration, random: inout RandomStream) -> SimDuration {
        let offset = Int64((random.nextDouble() * 2 - 1) * Double(jitter.nanoseconds))
        return .nanoseconds(max(offset, -jitter.nanoseconds))
    }

    /// Whether packets from (`fromZone`, `fromNode`) to node `to` are dropped by a partition.
    /// Most of a run has no partition: two empty lists answer without reading the target node,
    /// and that test is inlined into the callers (8 M calls of the whole function in the full
    /// reference run, docs/performance.md round 8); the scan is not.
    @inline(__always) func isCut(fromZone: Int16, fromNode: Int32, to node: Int32) -> Bool {
        if cutLinks.isEmpty && cutNodes.isEmpty { return false }
        return isCutByPartition(fromZone: fromZone, fromNode: fromNode, to: node)
    }

    /// The scan of ``isCut(fromZone:fromNode:to:)`` while a partition is in force.
    @inline(never) func isCutByPartition(fromZone: Int16, fromNode: Int32, to node: Int32) -> Bool {
        let toZone = nodes[Int(node)].zone
        for cut in cutLinks where cut.from == fromZone && cut.to == toZone { return true }
        for cut in cutNodes where cut.a == fromNode && cut.b == node { return true }
        return false
    }
}
