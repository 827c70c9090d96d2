#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Telemetry

/// A line chart of per-bucket values over run time, with a nice y axis in ``ChartUnit`` units,
/// a legend and shaded fault windows.
///
/// ```swift
/// let chart = LineChart(title: "POST /api/compras latency", unit: .milliseconds, bucketSeconds: 1,
///                       series: [.init(name: "p99", color: "#D55E00", values: p99)],
///                       frame: TimeChartFrame(durationSeconds: 600, faults: faults))
/// let svg = chart.svg(kind: "latency", subject: "POST /api/compras")
/// ```
/// Each value is drawn at its bucket's midpoint; `nil` values break the line (no data).
public struct LineChart: Sendable {
    public struct Series: Sendable {
        public var name: String
        public var color: String
        public var values: [Double?]
        public var dashed: Bool
        public init(name: String, color: String, values: [Double?], dashed: Bool = false) {
            self.name = name; self.color = color; self.values = values; self.dashed = dashed
        }
    }

    public var title: String
    public var unit: ChartUnit
    public var bucketSeconds: Double
    public var series: [Series]
    public var frame: TimeChartFrame
    /// Horizontal reference lines (e.g. a budget threshold), drawn dashed.
    public var references: [(label: String, value: Double)]
    /// How values map to height: linear from 0, or logarithmic over whole decades.
    public var yAxis: YAxis

    /// The y axis's mapping. A fault often makes one bucket's p99 a 30 s client timeout next to a
    /// 20 ms steady state; on a linear axis the steady state is then a flat line at zero, so latency
    /// charts switch to ``logarithmic`` when the data spans a wide range (``YAxis/suggested(for:)``).
    public enum YAxis: Sendable, Equatable {
        case linear
        /// Decades from the power of ten at or below the smallest positive value to the one at or
        /// above the largest; values ≤ 0 sit on the bottom edge.
        case logarithmic

        /// Logarithmic when the largest value is at least `ratio` × the median positive value.
        public static func suggested(for values: [Double], ratio: Double = 50) -> YAxis {
            let positive = values.filter { $0 > 0 && $0.isFinite }.sorted()
            guard let maxValue = positive.last else { return .linear }
            let median = positive[positive.count / 2]
            return maxValue >= ratio * median ? .logarithmic : .linear
        }
    }

    public init(title: String, unit: ChartUnit, bucketSeconds: Double, series: [Series], frame: TimeChartFrame,
                references: [(label: String, value: Double)] = [], yAxis: YAxis = .linear) {
        self.title = title; self.unit = unit; self.bucketSeconds = bucketSeconds; self.series = series
        self.frame = frame; self.references = references; self.yAxis = yAxis
    }

    /// The y scale: from 0 to the largest value or reference.
    public var scale: NiceScale {
        let maxValue = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite).max() ?? 0
        let maxRef = references.map(\.value).max() ?? 0
        return NiceScale(min: 0, max: max(maxValue, maxRef) * 1.02, maxTicks: 5)
    }

    /// The decades of a logarithmic axis: exponents of ten from below the smallest positive value
    /// (or reference) to above the largest. One decade at least.
    public var logDecades: ClosedRange<Int> {
        let values = (series.flatMap { $0.values.compactMap { $0 } } + references.map(\.value)).filter { $0 > 0 && $0.isFinite }
        guard let lo = values.min(), let hi = values.max() else { return 0...1 }
        let low = Int(log10(lo).rounded(.down)), high = Int(log10(hi).rounded(.up))
        return low...max(high, low + 1)
    }

    public func svg(kind: String, subject: String? = nil) -> String {
        let f = frame, s = scale, decades = logDecades
        let ticks: [Double]
        let y: (Double) -> Double
        switch yAxis {
        case .linear:
            ticks = s.ticks
            y = { v in f.top + f.plotHeight - (v - s.lower) / (s.upper - s.lower) * f.plotHeight }
        case .logarithmic:
            ticks = decades.map { pow(10, Double($0)) }
            let low = Double(decades.lowerBound), span = Double(decades.upperBound - decades.lowerBound)
            y = { v in
                let position = v > 0 ? min(max((log10(v) - low) / span, 0), 1) : 0
                return f.top + f.plotHeight - position * f.plotHeight
            }
        }
        var out = SVG.open(width: f.width, height: f.height, label: title, kind: kind, subject: subject)
        out += f.faultShading()
        out += "<g class=\"grid\"" + (yAxis == .logarithmic ? " data-scale=\"log\"" : "") + ">"
        for t in ticks {
            out += SVG.line(f.left, y(t), f.left + f.plotWidth, y(t), stroke: "#e3e3e3")
            out += SVG.text(f.left - 6, y(t) + 4, unit.label(t), anchor: "end", cls: "tick")
        }
        out += "</g>" + f.timeAxis()
        for r in references {
            out += SVG.line(f.left, y(r.value), f.left + f.plotWidth, y(r.value), stroke: "#444", dash: "5 4")
            out += SVG.text(f.left + f.plotWidth - 4, y(r.value) - 4, r.label, anchor: "end", cls: "ref")
        }
        for series in self.series {
            var segments: [[String]] = [[]]
            for (i, v) in series.values.enumerated() {
                guard let v, v.isFinite else { if !(segments.last!.isEmpty) { segments.append([]) }; continue }
                let px = f.x((Double(i) + 0.5) * bucketSeconds)
                segments[segments.count - 1].append("\(SVG.n(px)),\(SVG.n(y(v)))")
            }
            out += "<g class=\"series\" data-series=\"\(SVG.escape(series.name))\">"
            for seg in segments where !seg.isEmpty {
                if seg.count == 1 {
                    let xy = seg[0].split(separator: ",")
                    out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2\" fill=\"\(series.color)\"/>"
                } else {
                    out += "<polyline fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"1.6\" stroke-linejoin=\"round\""
                        + (series.dashed ? " stroke-dasharray=\"4 3\"" : "") + " points=\"\(seg.joined(separator: " "))\"/>"
                }
            }
            out += "</g>"
        }
        out += f.header(title: title + (yAxis == .logarithmic ? " (log scale)" : ""), legend: series.map { ($0.name, $0.color) })
        if series.allSatisfy({ $0.values.allSatisfy { $0 == nil } }) {
            out += SVG.text(f.left + f.plotWidth / 2, f.top + f.plotHeight / 2, "no data recorded", anchor: "middle", cls: "empty")
        }
        return out + "</svg>"
    }
}
