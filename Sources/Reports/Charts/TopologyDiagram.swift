import Telemetry

/// The topology as a layered left-to-right diagram: a node's layer is the length of the longest
/// edge path reaching it from a node without incoming edges (cycles are cut by bounding the
/// relaxation to the node count); nodes within a layer are sorted by name. Edges are curves
/// with arrowheads.
public struct TopologyDiagram: Sendable {
    public var edges: [TopologyEdge]
    public init(edges: [TopologyEdge]) { self.edges = edges.sorted() }

    /// Layer index of every node, nodes sorted by (layer, name).
    public func layers() -> [(name: String, layer: Int)] {
        let names = Array(Set(edges.flatMap { [$0.from, $0.to] })).sorted()
        var layer: [String: Int] = [:]
        for n in names { layer[n] = 0 }
        // Longest-path relaxation, at most |V| rounds (a cycle stops growing after that).
        for _ in 0..<names.count {
            var changed = false
            for e in edges where e.from != e.to {
                let candidate = layer[e.from]! + 1
                if candidate > layer[e.to]!, candidate < names.count { layer[e.to] = candidate; changed = true }
            }
            if !changed { break }
        }
        return names.map { ($0, layer[$0]!) }.sorted { ($0.layer, $0.name) < ($1.layer, $1.name) }
    }

    public func svg() -> String {
        let nodes = layers()
        let layerCount = (nodes.map(\.layer).max() ?? -1) + 1
        var byLayer: [[String]] = Array(repeating: [], count: max(layerCount, 1))
        for n in nodes { byLayer[n.layer].append(n.name) }
        let nodeWidth = 132.0, nodeHeight = 22.0, columnGap = 44.0, rowGap = 8.0
        let tallest = byLayer.map(\.count).max() ?? 0
        let width = max(640, 20 + Double(layerCount) * (nodeWidth + columnGap))
        let height = max(80, 40 + Double(tallest) * (nodeHeight + rowGap))
        var position: [String: (Double, Double)] = [:]
        for (l, column) in byLayer.enumerated() {
            let columnHeight = Double(column.count) * (nodeHeight + rowGap)
            for (i, name) in column.enumerated() {
                position[name] = (10 + Double(l) * (nodeWidth + columnGap),
                                  30 + (height - 40 - columnHeight) / 2 + Double(i) * (nodeHeight + rowGap))
            }
        }
        var out = SVG.open(width: width, height: height, label: "topology", kind: "topology")
        out += "<defs><marker id=\"arrow\" viewBox=\"0 0 8 8\" refX=\"8\" refY=\"4\" markerWidth=\"6\" markerHeight=\"6\" orient=\"auto\"><path d=\"M0,0 L8,4 L0,8 z\" fill=\"#888\"/></marker></defs>"
        out += SVG.text(10, 18, "Topology (\(nodes.count) components, \(edges.count) connections)", cls: "title")
        for e in edges {
            guard let a = position[e.from], let b = position[e.to] else { continue }
            let x1 = a.0 + nodeWidth, y1 = a.1 + nodeHeight / 2, x2 = b.0, y2 = b.1 + nodeHeight / 2
            if e.from == e.to || x2 <= x1 {
                // Same or earlier layer (a cycle): an arc below the nodes.
                let mx = (a.0 + b.0) / 2 + nodeWidth / 2
                out += "<path d=\"M\(SVG.n(a.0 + nodeWidth / 2)),\(SVG.n(a.1 + nodeHeight)) Q\(SVG.n(mx)),\(SVG.n(max(a.1, b.1) + nodeHeight + 30)) \(SVG.n(b.0 + nodeWidth / 2)),\(SVG.n(b.1 + nodeHeight))\" fill=\"none\" stroke=\"#bbb\" marker-end=\"url(#arrow)\"><title>\(SVG.escape(e.from)) → \(SVG.escape(e.to))</title></path>"
            } else {
                let cx = (x1 + x2) / 2
                out += "<path d=\"M\(SVG.n(x1)),\(SVG.n(y1)) C\(SVG.n(cx)),\(SVG.n(y1)) \(SVG.n(cx)),\(SVG.n(y2)) \(SVG.n(x2)),\(SVG.n(y2))\" fill=\"none\" stroke=\"#aaa\" marker-end=\"url(#arrow)\"><title>\(SVG.escape(e.from)) → \(SVG.escape(e.to))</title></path>"
            }
        }
        for n in nodes {
            let (x, y) = position[n.name]!
            let label = n.name.count > 21 ? String(n.name.prefix(20)) + "…" : n.name
            out += "<g class=\"node\"><rect x=\"\(SVG.n(x))\" y=\"\(SVG.n(y))\" width=\"\(SVG.n(nodeWidth))\" height=\"\(SVG.n(nodeHeight))\" rx=\"4\" fill=\"#eef4fb\" stroke=\"#0072B2\"><title>\(SVG.escape(n.name))</title></rect>"
            out += SVG.text(x + nodeWidth / 2, y + 15, label, anchor: "middle", cls: "node") + "</g>"
        }
        if nodes.isEmpty { out += SVG.text(width / 2, 50, "no topology recorded", anchor: "middle", cls: "empty") }
        return out + "</svg>"
    }
}
