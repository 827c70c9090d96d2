import Telemetry

extension RunSummary {
    /// This summary with its load-time warnings brought in line with an `abortOnFail` stop: a
    /// warning about "the run's end (7m)" was written when the scenario loaded, before the run
    /// stopped at 4m10s, so it gets the note `(the run was aborted at 4m10s)`. Unchanged when the run
    /// was not aborted. `cinesim run` and `cinesim check` apply it before writing any report.
    public func notingAbort() -> RunSummary {
        guard let abort = aborted else { return self }
        var copy = self
        let at = FaultImpact.clock(abort.atSeconds)
        copy.warnings = warnings.map { $0.contains("run's end (") ? $0 + " (the run was aborted at \(at) by an abortOnFail budget)" : $0 }
        return copy
    }

    /// ` (cut by the abort at 4m10s)` for a fault still active when an `abortOnFail` budget
    /// stopped the run, ` (cut by the run's end at 6m)` for one scheduled past the end of a
    /// shortened run (`--duration`), else empty.
    func cutNote(_ fault: FaultWindow) -> String {
        if let abort = aborted {
            guard fault.endSeconds.map({ $0 >= abort.atSeconds }) ?? true else { return "" }
            return " (cut by the abort at \(FaultImpact.clock(abort.atSeconds)))"
        }
        guard let end = fault.endSeconds, end > window.durationSeconds else { return "" }
        return " (cut by the run's end at \(FaultImpact.clock(window.durationSeconds)))"
    }
}
