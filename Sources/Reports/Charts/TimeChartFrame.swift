import Telemetry

/// The shared frame of every time chart: plot area, time axis with nice ticks, fault windows
/// shaded (DESIGN §6 "fault windows shaded") and a title.
public struct TimeChartFrame: Sendable {
    public var width: Double = 640
    public var height: Double = 240
    public var left: Double = 64
    public var right: Double = 16
    public var top: Double = 30
    public var bottom: Double = 34
    /// Seconds covered by the x axis.
    public var durationSeconds: Double
    public var faults: [FaultWindow]
    /// The warm-up at the start of the run (excluded from the summary's numbers but drawn on the
    /// x axis): shaded grey and labelled `warm-up` behind the data. 0 draws nothing.
    public var warmupSeconds: Double

    public init(durationSeconds: Double, faults: [FaultWindow], height: Double = 240, warmupSeconds: Double = 0) {
        self.durationSeconds = max(durationSeconds, 1e-9); self.faults = faults; self.height = height
        self.warmupSeconds = max(0, warmupSeconds)
    }

    public static let warmupFill = "#888888"

    /// The warm-up band `[0, warmupSeconds)`: a grey fill with a hover title and a `warm-up`
    /// label, so readers do not read the ramp-up as part of the measured run.
    public func warmupShading() -> String {
        guard warmupSeconds > 0 else { return "" }
        let x1 = x(warmupSeconds)
        return "<g class=\"warmup\">" + SVG.rect(left, top, max(x1 - left, 1), plotHeight, fill: TimeChartFrame.warmupFill, opacity: 0.16,
                                                 title: "warm-up 0s to \(ChartUnit.time.label(warmupSeconds)): excluded from the summary numbers")
            + SVG.text(left + 3, top + 10, "warm-up", cls: "tick small") + "</g>"
    }

    public var plotWidth: Double { width - left - right }
    public var plotHeight: Double { height - top - bottom }
    public func x(_ seconds: Double) -> Double { left + min(max(seconds / durationSeconds, 0), 1) * plotWidth }

    /// Fault rectangles (behind the data) with a hover title, and their labels above the plot.
    public func faultShading() -> String {
        var out = warmupShading() + "<g class=\"faults\">"
        for f in faults {
            let x0 = x(f.startSeconds), x1 = x(min(f.endSeconds ?? durationSeconds, durationSeconds))
            out += SVG.rect(x0, top, max(x1 - x0, 1.5), plotHeight, fill: SVG.faultFill, opacity: 0.13,
                            title: "fault \(f.kind) on \(f.reportTargetLabel) from \(ChartUnit.time.label(f.startSeconds))" + (f.endSeconds.map { " to \(ChartUnit.time.label($0))" } ?? " to the end"))
        }
        return out + "</g>"
    }

    /// Fault windows drawn over opaque content (lanes, heat maps): a faint fill with a dashed
    /// outline, so the data underneath stays readable.
    public func faultOverlay() -> String {
        var out = warmupShading() + "<g class=\"faults\">"
        for f in faults {
            let x0 = x(f.startSeconds), x1 = x(min(f.endSeconds ?? durationSeconds, durationSeconds))
            out += "<rect x=\"\(SVG.n(x0))\" y=\"\(SVG.n(top))\" width=\"\(SVG.n(max(x1 - x0, 1.5)))\" height=\"\(SVG.n(plotHeight))\" fill=\"\(SVG.faultFill)\" fill-opacity=\"0.08\" stroke=\"\(SVG.faultFill)\" stroke-dasharray=\"3 2\">"
                + "<title>fault \(SVG.escape(f.kind)) on \(SVG.escape(f.reportTargetLabel)) from \(ChartUnit.time.label(f.startSeconds))" + (f.endSeconds.map { " to \(ChartUnit.time.label($0))" } ?? " to the end") + "</title></rect>"
        }
        return out + "</g>"
    }

    /// The time axis: baseline, ticks in duration steps (``TimeTicks``) and duration labels.
    public func timeAxis() -> String {
        var out = "<g class=\"axis\">" + SVG.line(left, top + plotHeight, left + plotWidth, top + plotHeight, stroke: "#666")
        for t in TimeTicks(durationSeconds: durationSeconds, maxTicks: 7).ticks where t <= durationSeconds + 1e-9 {
            let px = x(t)
            out += SVG.line(px, top + plotHeight, px, top + plotHeight + 4, stroke: "#666")
            out += SVG.text(px, top + plotHeight + 16, ChartUnit.time.label(t), anchor: "middle", cls: "tick")
        }
        return out + "</g>"
    }

    /// Title at the top-left and a legend at the top-right.
    public func header(title: String, legend: [(name: String, color: String)], titleX: Double? = nil) -> String {
        var out = SVG.text(titleX ?? left, 18, title, cls: "title")
        var lx = width - right
        for item in legend.reversed() {
            let w = Double(item.name.count) * 6.2 + 18
            lx -= w
            out += SVG.rect(lx, 9, 10, 10, fill: item.color) + SVG.text(lx + 13, 18, item.name, cls: "legend")
        }
        return out
    }
}
