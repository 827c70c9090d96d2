import Telemetry

/// A heat map: rows (e.g. instances) × time buckets, colour by value on a sequential scale from
/// pale to dark; fault windows outlined. Columns are averaged down to at most ``maxColumns`` so
/// long runs stay small.
public struct HeatMap: Sendable {
    public struct Row: Sendable {
        public var name: String
        public var values: [Double]
        public init(name: String, values: [Double]) { self.name = name; self.values = values }
    }
    public var title: String
    public var unit: ChartUnit
    public var rows: [Row]
    public var bucketSeconds: Double
    public var durationSeconds: Double
    public var faults: [FaultWindow]
    /// Warm-up seconds shaded at the start of the x axis (``TimeChartFrame/warmupShading()``).
    public var warmupSeconds: Double = 0
    /// The value drawn darkest (e.g. 1 for utilisation); nil: the data's maximum.
    public var fullScale: Double?
    public var maxColumns = 120

    public init(title: String, unit: ChartUnit, rows: [Row], bucketSeconds: Double, durationSeconds: Double,
                faults: [FaultWindow], fullScale: Double?) {
        self.title = title; self.unit = unit; self.rows = rows; self.bucketSeconds = bucketSeconds
        self.durationSeconds = durationSeconds; self.faults = faults; self.fullScale = fullScale
    }

    /// Sequential colour for `t` in 0…1: from #f7fbff to #08306b (ColorBrewer "Blues" ends),
    /// with a warm tint above 0.85 so saturation stands out.
    public static func color(_ t: Double) -> String {
        let t = min(max(t, 0), 1)
        let from = (247.0, 251.0, 255.0), to = (8.0, 48.0, 107.0), hot = (213.0, 94.0, 0.0)
        var c: (Double, Double, Double)
        if t <= 0.85 {
            let u = t / 0.85
            c = (from.0 + (to.0 - from.0) * u, from.1 + (to.1 - from.1) * u, from.2 + (to.2 - from.2) * u)
        } else {
            let u = (t - 0.85) / 0.15
            c = (to.0 + (hot.0 - to.0) * u, to.1 + (hot.1 - to.1) * u, to.2 + (hot.2 - to.2) * u)
        }
        func hex(_ v: Double) -> String { let s = String(Int(v.rounded()), radix: 16); return s.count == 1 ? "0" + s : s }
        return "#" + hex(c.0) + hex(c.1) + hex(c.2)
    }

    public func svg(kind: String) -> String {
        var frame = TimeChartFrame(durationSeconds: durationSeconds, faults: [])
        frame.width = LaneChart.width
        frame.left = min(220, max(90, Double(rows.map(\.name.count).max() ?? 10) * 6.3 + 12))
        let rowHeight = 12.0
        frame.height = frame.top + frame.bottom + max(1, Double(rows.count)) * rowHeight + 4
        let buckets = rows.map(\.values.count).max() ?? 0
        let group = max(1, (buckets + maxColumns - 1) / maxColumns)
        let columns = (buckets + group - 1) / group
        let top = fullScale ?? max(rows.flatMap(\.values).max() ?? 1, 1e-9)
        var out = SVG.open(width: frame.width, height: frame.height, label: title, kind: kind)
        for (r, row) in rows.enumerated() {
            let y = frame.top + 2 + Double(r) * rowHeight
            out += SVG.text(frame.left - 6, y + 9, row.name, anchor: "end", cls: "tick small")
            for c in 0..<columns {
                let slice = row.values[min(c * group, row.values.count)..<min((c + 1) * group, row.values.count)]
                guard !slice.isEmpty else { continue }
                let v = slice.reduce(0, +) / Double(slice.count)
                let x0 = frame.x(Double(c * group) * bucketSeconds), x1 = frame.x(Double(min((c + 1) * group, buckets)) * bucketSeconds)
                out += SVG.rect(x0, y, x1 - x0 + 0.3, rowHeight - 1, fill: HeatMap.color(v / top),
                                title: "\(row.name) at \(ChartUnit.time.label(Double(c * group) * bucketSeconds)): \(unit.label(v))")
            }
        }
        var overlay = frame
        overlay.faults = faults
        overlay.warmupSeconds = warmupSeconds
        out += overlay.faultOverlay()
        if rows.isEmpty {
            out += SVG.text(frame.left + frame.plotWidth / 2, frame.top + 12, "no data recorded", anchor: "middle", cls: "empty")
        }
        out += frame.timeAxis()
        let legend = [(name: "0", color: HeatMap.color(0)), (name: unit.label(top / 2), color: HeatMap.color(0.5)), (name: unit.label(top), color: HeatMap.color(1))]
        out += frame.header(title: title, legend: legend, titleX: 10)
        return out + "</svg>"
    }
}
