import Foundation
import Reports
import Telemetry

/// The short terminal summary `cinesim run` prints: availability and latency per route, seats,
/// invariants, budgets, and the one command that reproduces the run.
enum TerminalSummary {
    /// `timeSeries` adds the "during the faults" block (``FaultImpact``) when the run had faults.
    static func render(_ summary: RunSummary, folder: String, timeSeries: RunTimeSeries? = nil) -> String {
        var lines: [String] = []
        let window = summary.window
        lines.append("\(summary.scenario.name): \(format(window.durationSeconds))s simulated (warm-up \(format(window.warmupSeconds))s), seed \(summary.replay.seed)")
        lines.append("")
        let shown = summary.routes.filter { $0.kind == .route && $0.count > 0 }
        // The route column is as wide as the longest route name, so the numbers stay aligned.
        let routeWidth = max(28, (shown.map(\.name.count).max() ?? 0) + 2)
        lines.append(pad("route", routeWidth) + pad("requests", 10) + pad("avail %", 9) + pad("p50 ms", 9) + pad("p99 ms", 9) + pad("max ms", 9))
        for route in shown {
            lines.append(pad(route.name, routeWidth) + pad("\(route.count)", 10) + pad(String(format: "%.2f", route.availabilityPercent), 9)
                         + pad(String(format: "%.1f", route.latency.p50Ms), 9) + pad(String(format: "%.1f", route.latency.p99Ms), 9)
                         + pad(String(format: "%.1f", route.latency.maxMs), 9))
        }
        lines.append("")
        let seats = summary.seats
        lines.append("seats: \(seats.sold) sold, \(seats.held) held of \(seats.offered) offered, \(seats.oversold) oversold")
        let failed = summary.invariants.filter { !$0.passed }
        lines.append("invariants: \(summary.invariants.count - failed.count)/\(summary.invariants.count) hold" + (failed.isEmpty ? "" : " — FAILED: " + failed.map { "\($0.name) (\($0.detail))" }.joined(separator: "; ")))
        if !summary.budgets.isEmpty {
            let broken = summary.budgets.filter(\.failed)
            let skipped = summary.budgets.filter(\.isSkipped)
            let passed = summary.budgets.count - broken.count - skipped.count
            lines.append("budgets: \(passed)/\(summary.budgets.count) pass"
                         + (skipped.isEmpty ? "" : ", \(skipped.count) skipped")
                         + (broken.isEmpty ? "" : " — FAILED: " + broken.map { "\($0.label) (observed \($0.observed))" }.joined(separator: "; ")))
            for b in skipped { lines.append("budget \(b.label) \(b.observed)") }
        }
        if let abort = summary.aborted {
            lines.append("ABORTED at \(format(abort.atSeconds))s by abortOnFail budget \(abort.budget.label) (observed \(abort.budget.observed))")
        }
        if let timeSeries { lines += FaultImpact.terminalLines(FaultImpact.analyse(summary, timeSeries)) }
        for warning in summary.warnings { lines.append("warning: \(warning)") }
        let engine = summary.engine
        lines.append(String(format: "engine: %.2fs wall, %d events (%.0f per wall second), %.0f simulated client requests per wall second, %.1f× real time",
                            engine.wallSeconds, engine.events, engine.eventsPerSecond, engine.simulatedRequestsPerSecond, engine.simulatedToRealRatio))
        lines.append("summary: \(folder)/summary.json")
        lines.append("reproduce: \(summary.replay.command)")
        return lines.joined(separator: "\n")
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.1f", seconds)
    }
}
