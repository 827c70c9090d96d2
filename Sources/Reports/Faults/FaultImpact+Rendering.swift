import Telemetry

/// Text forms of ``FaultImpact`` for the terminal, `summary.md` and `report.html`. All three show
/// the same numbers with the same definitions (``FaultImpact/legend``).
extension FaultImpact {
    /// Terminal lines (no trailing newline), empty when the run had no faults.
    public static func terminalLines(_ impacts: [FaultImpact]) -> [String] {
        guard !impacts.isEmpty else { return [] }
        var lines = ["during the faults: " + legend]
        for impact in impacts {
            lines.append("  " + impact.heading)
            guard !impact.subjects.isEmpty else { lines.append("    no route or journey traffic in this window"); continue }
            let width = max(24, (impact.subjects.map(\.name.count).max() ?? 0) + 2)
            lines.append("    " + pad("route/journey", width) + pad("requests", 10) + pad("avail %", 9) + pad("failures (by outcome)", 30)
                         + pad("worst p99", 11) + "recovered")
            for s in impact.subjects {
                let failures = s.failures == 0 ? "0" : "\(s.failures) (\(outcomesText(s)))"
                lines.append("    " + pad(s.name, width) + pad("\(s.requests)", 10) + pad(BudgetFormat.number(s.availabilityPercent, fractionDigits: 2), 9)
                             + pad(failures, 30) + pad(ms(s.worstBucketP99Ms), 11) + impact.recoveryText(s))
            }
            if impact.omitted > 0 { lines.append("    … \(impact.omitted) more with traffic (\(impact.omittedWithFailures) with failures)") }
        }
        return lines
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    /// The `### During the faults` section of `summary.md`, empty when the run had no faults.
    public static func markdown(_ impacts: [FaultImpact]) -> String {
        guard !impacts.isEmpty else { return "" }
        func cell(_ s: String) -> String { SummaryMarkdown.cell(s) }
        var md = "### During the faults\n\n\(legend)\n\n"
        for impact in impacts {
            md += "**\(cell(impact.heading))**" + (impact.subjects.isEmpty ? " — no route or journey traffic in this window.\n\n" : "\n\n")
            guard !impact.subjects.isEmpty else { continue }
            md += "| route/journey | requests | availability | failures | by outcome | worst-bucket p99 | errors before | recovered |\n"
            md += "|---|---:|---:|---:|---|---:|---:|---|\n"
            for s in impact.subjects {
                md += "| `\(cell(s.name))` | \(s.requests) | \(percent(s.availabilityPercent)) | \(s.failures) | \(outcomesText(s)) "
                md += "| \(ms(s.worstBucketP99Ms)) | \(percent(s.preFaultErrorPercent)) | \(impact.recoveryText(s)) |\n"
            }
            if impact.omitted > 0 { md += "\n\(impact.omitted) more routes/journeys had traffic in this window (\(impact.omittedWithFailures) with failures).\n" }
            md += "\n"
        }
        return md
    }

    /// The body of report.html's "During the faults" section.
    public static func html(_ impacts: [FaultImpact]) -> String {
        func e(_ s: String) -> String { JUnitReport.escape(s) }
        guard !impacts.isEmpty else { return "<p>No faults in this scenario.</p>\n" }
        var out = "<p class=\"small\">\(e(legend))</p>\n"
        for impact in impacts {
            out += "<h3>\(e(impact.heading))</h3>\n"
            guard !impact.subjects.isEmpty else { out += "<p>No route or journey traffic in this window.</p>\n"; continue }
            out += "<div class=\"scroll\"><table data-table=\"fault-impact\"><thead><tr><th>route/journey</th><th>requests</th><th>availability</th>"
                + "<th>failures</th><th>by outcome</th><th>worst-bucket p99</th><th>errors before</th><th>recovered</th></tr></thead><tbody>\n"
            for s in impact.subjects {
                let availabilityClass = s.failures > 0 ? " class=\"bad\"" : ""
                let recoveryClass = s.recoverySeconds == nil && !impact.lastsToEnd ? " class=\"bad\"" : ""
                out += "<tr><td><code>\(e(s.name))</code></td><td>\(s.requests)</td><td\(availabilityClass)>\(percent(s.availabilityPercent))</td>"
                    + "<td>\(s.failures)</td><td>\(e(outcomesText(s)))</td><td>\(e(ms(s.worstBucketP99Ms)))</td>"
                    + "<td>\(percent(s.preFaultErrorPercent))</td><td\(recoveryClass)>\(e(impact.recoveryText(s)))</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
            if impact.omitted > 0 { out += "<p class=\"small\">\(impact.omitted) more routes/journeys had traffic in this window (\(impact.omittedWithFailures) with failures).</p>\n" }
        }
        return out
    }
}
