import Telemetry

/// A state timeline: one lane per subject (e.g. a breaker per command and instance), coloured
/// segments per state, shaded fault windows. Used for Hystrix breaker states
/// (closed / open / half-open, reference/netflix-oss.md §1.4).
public struct LaneChart: Sendable {
    public struct Segment: Sendable, Equatable {
        public var startSeconds: Double
        public var endSeconds: Double
        public var state: String
        public init(startSeconds: Double, endSeconds: Double, state: String) {
            self.startSeconds = startSeconds; self.endSeconds = endSeconds; self.state = state
        }
    }
    public struct Lane: Sendable {
        public var name: String
        public var segments: [Segment]
        public init(name: String, segments: [Segment]) { self.name = name; self.segments = segments }
    }

    public var title: String
    public var lanes: [Lane]
    /// State name → colour, in legend order.
    public var states: [(name: String, color: String)]
    public var durationSeconds: Double
    public var faults: [FaultWindow]
    /// Warm-up seconds shaded at the start of the x axis (``TimeChartFrame/warmupShading()``).
    public var warmupSeconds: Double = 0

    public init(title: String, lanes: [Lane], states: [(name: String, color: String)], durationSeconds: Double, faults: [FaultWindow]) {
        self.title = title; self.lanes = lanes; self.states = states; self.durationSeconds = durationSeconds; self.faults = faults
    }

    public static let laneHeight = 16.0
    /// Full-width charts use a wider view box so text keeps its size on a laptop screen.
    public static let width = 1100.0

    public func svg(kind: String) -> String {
        var frame = TimeChartFrame(durationSeconds: durationSeconds, faults: faults)
        frame.width = LaneChart.width
        frame.warmupSeconds = warmupSeconds
        let labelWidth = min(260, max(90, Double(lanes.map(\.name.count).max() ?? 10) * 6.3 + 12))
        frame.left = labelWidth
        frame.height = frame.top + frame.bottom + max(1, Double(lanes.count)) * LaneChart.laneHeight + 4
        var out = SVG.open(width: frame.width, height: frame.height, label: title, kind: kind)
        for (i, lane) in lanes.enumerated() {
            let y = frame.top + 2 + Double(i) * LaneChart.laneHeight
            out += SVG.text(frame.left - 6, y + 11, lane.name, anchor: "end", cls: "tick")
            for seg in lane.segments {
                let color = states.first { $0.name == seg.state }?.color ?? "#999"
                let x0 = frame.x(seg.startSeconds), x1 = frame.x(seg.endSeconds)
                out += SVG.rect(x0, y, max(x1 - x0, 0.8), LaneChart.laneHeight - 3, fill: color, opacity: 0.9,
                                title: "\(lane.name): \(seg.state) from \(ChartUnit.time.label(seg.startSeconds)) to \(ChartUnit.time.label(seg.endSeconds))")
            }
        }
        out += frame.faultOverlay()
        if lanes.isEmpty {
            out += SVG.text(frame.left + frame.plotWidth / 2, frame.top + 12, "no state changes recorded", anchor: "middle", cls: "empty")
        }
        out += frame.timeAxis()
        out += frame.header(title: title, legend: states, titleX: 10)
        return out + "</svg>"
    }
}
