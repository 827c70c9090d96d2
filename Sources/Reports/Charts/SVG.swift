import Telemetry

/// Tiny SVG text helpers shared by the charts: escaping, coordinates with one decimal, the palette.
public enum SVG {
    /// Okabe–Ito colour-blind-safe palette (Okabe & Ito, "Color Universal Design", 2008).
    public static let palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#8C6D1F", "#000000"]
    /// Colours of latency percentiles p50, p95, p99.
    public static let percentileColors = ["#009E73", "#E69F00", "#D55E00"]
    public static let faultFill = "#D55E00"

    /// XML text escaping for element text and attribute values.
    public static func escape(_ s: String) -> String { JUnitReport.escape(s) }

    /// A coordinate rounded to 0.1 (keeps files small and deterministic).
    public static func n(_ x: Double) -> String { BudgetFormat.number(x, fractionDigits: 1) }

    public static func text(_ x: Double, _ y: Double, _ s: String, anchor: String = "start", cls: String = "") -> String {
        "<text x=\"\(n(x))\" y=\"\(n(y))\" text-anchor=\"\(anchor)\"\(cls.isEmpty ? "" : " class=\"\(cls)\"")>\(escape(s))</text>"
    }

    public static func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, fill: String, opacity: Double = 1, title: String? = nil) -> String {
        let body = "<rect x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(0, w)))\" height=\"\(n(max(0, h)))\" fill=\"\(fill)\"" + (opacity < 1 ? " fill-opacity=\"\(BudgetFormat.number(opacity, fractionDigits: 2))\"" : "")
        if let title { return body + "><title>\(escape(title))</title></rect>" }
        return body + "/>"
    }

    public static func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1, dash: String? = nil) -> String {
        "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(n(width))\"" + (dash.map { " stroke-dasharray=\"\($0)\"" } ?? "") + "/>"
    }

    /// Opening `<svg>` tag: scales to its container's width (`viewBox`), no fixed pixel size.
    public static func open(width: Double, height: Double, label: String, kind: String, subject: String? = nil) -> String {
        "<svg viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(escape(label))\" class=\"chart\" data-chart=\"\(kind)\""
            + (subject.map { " data-subject=\"\(escape($0))\"" } ?? "") + ">"
    }
}
