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
    public init(title: String, categories: [(name: String, color: String)], bars: [Bar]) {
        self.title = title; self.categories = categories; self.bars = bars
    }

    public func svg(kind: String) -> String {
        let width = LaneChart.width, barHeight = 18.0, top = 48.0
        let left = min(260, max(100, Double(bars.map(\.name.count).max() ?? 10) * 6.3 + 12)), right = 16.0
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
            var x = left
            for (j, part) in bar.parts.enumerated() where total > 0 && part > 0 {
                let w = part / total * plot
                out += SVG.rect(x, y, w, barHeight, fill: categories[j].color,
                                title: "\(bar.name): \(categories[j].name) \(ChartUnit.short(part)) (\(BudgetFormat.number(part / total * 100, fractionDigits: 2))%)")
                x += w
            }
            if total == 0 { out += SVG.text(left + 4, y + 13, "no requests", cls: "empty") }
        }
        // Percent axis below the bars.
        let axisY = top + Double(max(bars.count, 1)) * (barHeight + 6) + 2
        for p in stride(from: 0.0, through: 100, by: 25) {
            out += SVG.text(left + plot * p / 100, axisY + 12, "\(Int(p))%", anchor: "middle", cls: "tick")
        }
        return out + "</svg>"
    }
}
