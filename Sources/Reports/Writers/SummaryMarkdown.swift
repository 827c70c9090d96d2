import Telemetry

/// `summary.md` for pull-request comments: verdict line, key numbers per route, budgets,
/// invariants, regressions and the replay command. GitHub-flavoured Markdown tables.
public enum SummaryMarkdown {
    /// `timeSeries`, when given, adds the "During the faults" section (``FaultImpact``).
    public static func markdown(_ s: RunSummary, regressions: [RegressionFinding] = [], timeSeries: RunTimeSeries? = nil) -> String {
        let failedBudgets = s.budgets.filter(\.failed).count
        let skippedBudgets = s.budgets.filter(\.isSkipped).count
        let failedInvariants = s.invariants.filter { !$0.passed }.count
        let regressed = regressions.filter(\.regressed).count
        let ok = failedBudgets == 0 && failedInvariants == 0 && regressed == 0
        var md = "## cinesim: \(s.scenario.name) \(ok ? "✅ passed" : "❌ failed")\n\n"
        if let abort = s.aborted {
            md += "**Aborted at \(num(abort.atSeconds)) s** by `abortOnFail` budget `\(cell(abort.budget.label))` (observed \(cell(abort.budget.observed))).\n\n"
        }
        if !s.scenario.description.isEmpty { md += "\(s.scenario.description)\n\n" }
        md += "Seed \(s.replay.seed) · \(num(s.window.durationSeconds)) s simulated (warm-up \(num(s.window.warmupSeconds)) s) · "
        md += "budgets \(s.budgets.count - failedBudgets - skippedBudgets)/\(s.budgets.count)\(skippedBudgets > 0 ? " (\(skippedBudgets) skipped)" : "") · invariants \(s.invariants.count - failedInvariants)/\(s.invariants.count)"
        if !regressions.isEmpty { md += " · regressions \(regressed)" }
        md += "\n\n"
        md += "Seats sold **\(s.seats.sold)** of \(s.seats.offered) offered (\(num(s.seats.soldPerSecond))/s), oversold **\(s.seats.oversold)**.\n\n"

        let routes = s.routes.filter { $0.kind != .service }
        if !routes.isEmpty {
            md += "| route | requests | availability | p50 | p95 | p99 | p99.9 | throughput |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
            for r in routes {
                md += "| `\(cell(r.name))` | \(r.count) | \(num(r.availabilityPercent))% | \(ms(r.latency.p50Ms)) | \(ms(r.latency.p95Ms)) | \(ms(r.latency.p99Ms)) | \(ms(r.latency.p999Ms)) | \(num(r.throughputPerSecond))/s |\n"
            }
            md += "\n"
        }
        if !s.budgets.isEmpty {
            md += "### Budgets\n\n| | target | budget | observed |\n|---|---|---|---|\n"
            for b in s.budgets {
                md += "| \(b.isSkipped ? "⏭️" : b.passed ? "✅" : "❌") | `\(cell(b.target))` | `\(cell(b.expression))`\(b.window.map { " during \($0)" } ?? "") | \(cell(b.observed)) |\n"
            }
            md += "\n"
        }
        if !s.invariants.isEmpty {
            md += "### Invariants\n\n| | invariant | detail |\n|---|---|---|\n"
            for i in s.invariants { md += "| \(i.passed ? "✅" : "❌") | \(cell(i.name)) | \(cell(i.detail)) |\n" }
            md += "\n"
        }
        if !regressions.isEmpty {
            md += "### Baseline comparison\n\n| | metric | baseline | current | change | p | note |\n|---|---|---:|---:|---:|---:|---|\n"
            for r in regressions {
                md += "| \(r.regressed ? "❌" : r.skipped ? "⏭️" : "✅") | `\(cell(r.metric))` | \(num(r.baseline.mean)) | \(num(r.current.mean)) "
                md += "| \(r.changePercent >= 0 ? "+" : "")\(num(r.changePercent))% | \(r.pValue.map { BudgetFormat.number($0, fractionDigits: 4) } ?? "–") | \(cell(r.note)) |\n"
            }
            md += "\n"
        }
        if !s.faults.isEmpty {
            md += "### Faults\n\n"
            for f in s.faults {
                md += "- `\(f.kind)` on `\(f.reportTargetLabel)` from \(num(f.startSeconds)) s" + (f.endSeconds.map { " to \(num($0)) s" } ?? " to the end") + s.cutNote(f) + "\n"
            }
            md += "\n"
            if let timeSeries { md += FaultImpact.markdown(FaultImpact.analyse(s, timeSeries)) }
        }
        if !s.warnings.isEmpty {
            md += "### Warnings\n\n" + s.warnings.map { "- \($0)\n" }.joined() + "\n"
        }
        md += "Replay: `\(s.replay.command)`\n"
        return md
    }

    static func num(_ x: Double) -> String { BudgetFormat.number(x, fractionDigits: 2) }
    static func ms(_ x: Double) -> String { BudgetFormat.value(x, unit: .milliseconds) }
    static func cell(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
}

import Foundation
