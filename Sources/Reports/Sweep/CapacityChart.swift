/// A capacity curve: a metric (mean across seeds, with a 95 % confidence bar) against a swept
/// parameter, one line per combination of the other parameters. Drawn with the chart module's
/// ``SVG`` primitives, ``NiceScale`` ticks and ``ChartUnit`` labels, styled like the run report.
public struct CapacityChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var color: String
        /// One entry per x position; nil where the cell has no data.
        public var points: [(x: Double, mean: Double, halfWidth: Double)?]
        public init(name: String, color: String, points: [(x: Double, mean: Double, halfWidth: Double)?]) {
            self.name = name; self.color = color; self.points = points
        }
    }

    public var title: String
    public var unit: ChartUnit
    public var axis: SweepAxis
    public var series: [Series]
    /// A y range floor other than 0 (availability curves read better from a floor near the data).
    public var yMinimum: Double?
    /// A y range ceiling (100 for availability); confidence bars are clipped to the plot.
    public var yMaximum: Double?

    public init(title: String, unit: ChartUnit, axis: SweepAxis, series: [Series], yMinimum: Double? = nil, yMaximum: Double? = nil) {
        self.title = title; self.unit = unit; self.axis = axis; self.series = series; self.yMinimum = yMinimum; self.yMaximum = yMaximum
    }

    /// The SVG element (`data-chart="capacity"`, `data-subject` = the title).
    public func svg() -> String {
        // The legend goes below the axis title, one line per series (names can be long).
        let legendLines = series.count > 1 ? series.count : 0
        let width = 640.0, left = 64.0, right = 16.0, top = 30.0, axisBand = 48.0
        let height = 260.0 + 15 * Double(legendLines)
        let plotWidth = width - left - right, plotHeight = 260.0 - top - axisBand
        let values = series.flatMap { $0.points.compactMap { $0 } }.filter { $0.mean.isFinite }
        let highest = values.map { $0.mean + ($0.halfWidth.isFinite ? $0.halfWidth : 0) }.max() ?? 1
        let lowest = values.map { $0.mean - ($0.halfWidth.isFinite ? $0.halfWidth : 0) }.min() ?? 0
        let yScale = NiceScale(min: yMinimum.map { Swift.min($0, lowest) } ?? 0,
                               max: yMaximum.map { Swift.min($0, highest * 1.02) } ?? highest * 1.02, maxTicks: 5)
        let xLow: Double, xHigh: Double
        if axis.isNumeric {
            let xs = NiceScale(min: axis.positions.min() ?? 0, max: axis.positions.max() ?? 1, maxTicks: 7)
            xLow = xs.lower; xHigh = xs.upper
        } else {
            xLow = -0.5; xHigh = Double(Swift.max(axis.positions.count, 1)) - 0.5
        }
        func x(_ v: Double) -> Double { left + (v - xLow) / Swift.max(xHigh - xLow, 1e-12) * plotWidth }
        func y(_ v: Double) -> Double {
            let clipped = Swift.min(Swift.max(v, yScale.lower), yScale.upper)
            return top + plotHeight - (clipped - yScale.lower) / Swift.max(yScale.upper - yScale.lower, 1e-12) * plotHeight
        }

        var out = SVG.open(width: width, height: height, label: title, kind: "capacity", subject: title)
        out += "<g class=\"grid\">"
        for t in yScale.ticks {
            out += SVG.line(left, y(t), left + plotWidth, y(t), stroke: "#e3e3e3")
            out += SVG.text(left - 6, y(t) + 4, unit.label(t), anchor: "end", cls: "tick")
        }
        out += "</g><g class=\"axis\">" + SVG.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#666")
        for (position, label) in zip(axis.positions, axis.labels) {
            out += SVG.line(x(position), top + plotHeight, x(position), top + plotHeight + 4, stroke: "#666")
            out += SVG.text(x(position), top + plotHeight + 16, label, anchor: "middle", cls: "tick")
        }
        out += SVG.text(left + plotWidth / 2, top + plotHeight + 32, axis.title, anchor: "middle", cls: "small") + "</g>"
        for s in series {
            out += "<g class=\"series\" data-series=\"\(SVG.escape(s.name))\">"
            let drawn = s.points.compactMap { $0 }.filter { $0.mean.isFinite }
            if drawn.count > 1 {
                out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"1.6\" stroke-linejoin=\"round\" points=\""
                    + drawn.map { "\(SVG.n(x($0.x))),\(SVG.n(y($0.mean)))" }.joined(separator: " ") + "\"/>"
            }
            for p in drawn {
                if p.halfWidth > 0, p.halfWidth.isFinite {
                    let px = x(p.x)
                    out += SVG.line(px, y(p.mean - p.halfWidth), px, y(p.mean + p.halfWidth), stroke: s.color)
                    out += SVG.line(px - 3, y(p.mean - p.halfWidth), px + 3, y(p.mean - p.halfWidth), stroke: s.color)
                    out += SVG.line(px - 3, y(p.mean + p.halfWidth), px + 3, y(p.mean + p.halfWidth), stroke: s.color)
                }
                out += "<circle cx=\"\(SVG.n(x(p.x)))\" cy=\"\(SVG.n(y(p.mean)))\" r=\"2.5\" fill=\"\(s.color)\"><title>"
                    + SVG.escape("\(s.name): \(unit.label(p.mean))" + (p.halfWidth > 0 ? " ± \(unit.label(p.halfWidth))" : "")) + "</title></circle>"
            }
            out += "</g>"
        }
        out += SVG.text(left, 18, title, cls: "title")
        for (i, item) in series.enumerated() where legendLines > 0 {
            let ly = top + plotHeight + 42 + 15 * Double(i)
            out += SVG.rect(left, ly, 10, 10, fill: item.color) + SVG.text(left + 14, ly + 9, item.name, cls: "legend")
        }
        if values.isEmpty {
            out += SVG.text(left + plotWidth / 2, top + plotHeight / 2, "no data recorded", anchor: "middle", cls: "empty")
        }
        return out + "</svg>"
    }
}
