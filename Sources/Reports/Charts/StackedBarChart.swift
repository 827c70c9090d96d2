import Telemetry

/// Horizontal 100 % stacked bars, one per subject (e.g. the outcome breakdown per route), with
/// counts in the hover titles and a legend.
public struct StackedBarChart: Sendable {
    public struct Bar: Sendable {
        public var name: String
        public var parts: [Double]
        public init(name: String, parts: [Double]) { self.name = name; self.parts = parts }
    }
    public var title: String
    public var categories: [(name: String, color: String)]
    public var bars: [Bar]
    /// Every non-zero part is drawn at least this wide (px in the view box), taken from the bar's
    /// largest part, so a 0.2 % failure share is not a sub-pixel sliver. 0: exact proportions.
    public var minimumPartWidth: Double = 0
    /// Optional text per bar (same order as ``bars``) printed right of the bar, e.g. `0.6% failed`.
    public var trailingLabels: [String]? = nil
    public init(title: String, categories: [(name: String, color: String)], bars: [Bar]) {
        self.title = title; self.categories = categories; self.bars = bars
    }

    public func svg(kind: String) -> String {
        let width = LaneChart.width, barHeight = 18.0, top = 48.0
        let labelColumn = trailingLabels.map { labels in Double(labels.map(\.count).max() ?? 0) * 6.3 + 14 } ?? 0
        let left = min(260, max(100, Double(bars.map(\.name.count).max() ?? 10) * 6.3 + 12)), right = 16.0 + labelColumn
        let height = top + Double(max(bars.count, 1)) * (barHeight + 6) + 22
        var out = SVG.open(width: width, height: height, label: title, kind: kind)
        out += SVG.text(left, 18, title, cls: "title")
        var lx = left
        for c in categories {
            out += SVG.rect(lx, 27, 10, 10, fill: c.color) + SVG.text(lx + 13, 36, c.name, cls: "legend")
            lx += Double(c.name.count) * 6.2 + 24
        }
        let plot = width - left - right
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * (barHeight + 6)
            out += SVG.text(left - 6, y + 13, bar.name, anchor: "end", cls: "tick")
            let total = bar.parts.reduce(0, +)
            let widths = StackedBarChart.widths(bar.parts, plot: plot, minimum: minimumPartWidth)
            var x = left
            for (j, part) in bar.parts.enumerated() where total > 0 && part > 0 {
                let w = widths[j]
                out += SVG.rect(x, y, w, barHeight, fill: categories[j].color,
                                title: "\(bar.name): \(categories[j].name) \(ChartUnit.short(part)) (\(BudgetFormat.number(part / total * 100, fractionDigits: 2))%)")
                x += w
            }
            if total == 0 { out += SVG.text(left + 4, y + 13, "no requests", cls: "empty") }
            if let labels = trailingLabels, i < labels.count, !labels[i].isEmpty {
                out += SVG.text(left + plot + 8, y + 13, labels[i], cls: "tick")
            }
        }
        // Percent axis below the bars.
        let axisY = top + Double(max(bars.count, 1)) * (barHeight + 6) + 2
        for p in stride(from: 0.0, through: 100, by: 25) {
            out += SVG.text(left + plot * p / 100, axisY + 12, "\(Int(p))%", anchor: "middle", cls: "tick")
        }
        return out + "</svg>"
    }

    /// Pixel widths of `parts` across `plot`: proportional, except that every non-zero part gets
    /// at least `minimum`, the difference taken from the largest part (the widths still sum to
    /// `plot`). All zeros: all widths 0.
    public static func widths(_ parts: [Double], plot: Double, minimum: Double) -> [Double] {
        let total = parts.reduce(0, +)
        guard total > 0 else { return parts.map { _ in 0 } }
        var w = parts.map { $0 / total * plot }
        guard minimum > 0, let largest = w.indices.max(by: { w[$0] < w[$1] }) else { return w }
        var added = 0.0
        for j in w.indices where j != largest && parts[j] > 0 && w[j] < minimum {
            added += minimum - w[j]; w[j] = minimum
        }
        w[largest] = max(0, w[largest] - added)
        return w
    }
}
