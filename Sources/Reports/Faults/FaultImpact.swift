import Telemetry

/// What each fault did to the routes and journeys that had traffic while it lasted: the
/// "During the faults" section of the terminal summary, `summary.md` and `report.html`.
///
/// ```swift
/// let impacts = FaultImpact.analyse(artifacts.summary, artifacts.timeSeries)
/// for line in FaultImpact.terminalLines(impacts) { print(line) }
/// ```
///
/// Everything comes from the run's time series (`timeseries.csv`), so the numbers are
/// bucket-resolution (``RunWindow/bucketSeconds``, 1 s by default):
/// - **window**: the buckets overlapping `[start, end)` of the fault (`end` = run end for a fault
///   without `for:`); a fault that starts or ends mid-bucket includes that whole bucket;
/// - **requests**: Σ `throughput_per_s × bucket` over the window (requests completed in it);
/// - **failures** by outcome: Σ `failures_*` (client timeout, 4xx, 5xx, shed), the outcomes that
///   count against availability; **availability** = 1 − failures / requests;
/// - **p99**: the *worst bucket's* p99 (`latency_p99_ms`) in the window, not a pooled p99
///   (per-bucket histograms are not kept after the run);
/// - **pre-fault error share**: failures / requests over the ``preFaultSeconds`` before the fault's
///   start (whole buckets ending at or before it, after warm-up; 0 when that span had no traffic);
/// - **recovery**: the time from the fault's end to the start of the first bucket that starts at or
///   after the end, has traffic, and whose error share is ≤ pre-fault share + ``tolerancePoints``;
///   nil when no bucket qualifies before the run ends (or the fault lasts to the end).
///
/// Per fault, subjects are sorted by failures in the window (most first), then worst p99, then
/// name, and only the first ``maximumSubjects`` are kept (the rest are counted), so the section
/// stays readable and is deterministic.
public struct FaultImpact: Sendable, Equatable {
    /// How long before a fault its pre-fault error share is measured.
    public static let preFaultSeconds = 60.0
    /// Percentage points above the pre-fault error share still counted as recovered.
    public static let tolerancePoints = 1.0
    /// Routes/journeys listed per fault.
    public static let maximumSubjects = 5

    public struct Subject: Sendable, Equatable {
        /// Route (`POST /api/compras`) or journey (`buy-tickets`).
        public var name: String
        public var kind: RouteSummary.Kind
        public var requests: Int
        public var failures: Int
        /// `(label, count)` for each failing outcome with a non-zero count: `timeout`, `4xx`, `5xx`, `shed`.
        public var failuresByOutcome: [(label: String, count: Int)]
        public var availabilityPercent: Double
        /// The highest per-bucket p99 in the window, ms.
        public var worstBucketP99Ms: Double
        /// Error share (percent) before the fault.
        public var preFaultErrorPercent: Double
        /// Seconds from the fault's end until the error share is back (see the type's docs); nil
        /// when it never is before the run ends or the fault has no end.
        public var recoverySeconds: Double?

        public static func == (a: Subject, b: Subject) -> Bool {
            a.name == b.name && a.kind == b.kind && a.requests == b.requests && a.failures == b.failures
                && a.failuresByOutcome.map(\.label) == b.failuresByOutcome.map(\.label) && a.failuresByOutcome.map(\.count) == b.failuresByOutcome.map(\.count)
                && a.availabilityPercent == b.availabilityPercent && a.worstBucketP99Ms == b.worstBucketP99Ms
                && a.preFaultErrorPercent == b.preFaultErrorPercent && a.recoverySeconds == b.recoverySeconds
        }
    }

    public var fault: FaultWindow
    /// Every fault this impact stands for: faults with the same window (start and end) have the
    /// same buckets and so the same table, shown once under a heading that names them all (the
    /// two directions of a zone partition, `zone-c ↔ zone-a` and `zone-c ↔ zone-b`).
    public var faults: [FaultWindow] = []
    /// When the run was stopped by an `abortOnFail` budget, its stop time, seconds.
    public var abortedAtSeconds: Double? = nil
    /// The fault's end (the run's end when it has none), seconds.
    public var endSeconds: Double
    /// Window actually measured: the overlapping buckets' span, seconds.
    public var windowStartSeconds: Double
    public var windowEndSeconds: Double
    /// The most affected routes and journeys (at most ``maximumSubjects``).
    public var subjects: [Subject]
    /// Routes/journeys with traffic in the window that were left out, and how many of those failed.
    public var omitted: Int
    public var omittedWithFailures: Int
    /// The run's simulated duration, seconds.
    public var runEndSeconds: Double

    /// One impact per fault window of `summary.faults` (faults with the same start and end merged,
    /// in first-appearance order).
    public static func analyse(_ summary: RunSummary, _ series: RunTimeSeries) -> [FaultImpact] {
        var groups: [[FaultWindow]] = []
        for fault in summary.faults {
            if let i = groups.firstIndex(where: { $0[0].startSeconds == fault.startSeconds && $0[0].endSeconds == fault.endSeconds }) {
                groups[i].append(fault)
            } else {
                groups.append([fault])
            }
        }
        var merged = summary
        merged.faults = groups.map { $0[0] }
        return zip(analyseEach(merged, series), groups).map { impact, group in
            var impact = impact
            impact.faults = group
            impact.abortedAtSeconds = summary.aborted?.atSeconds
            return impact
        }
    }

    static func analyseEach(_ summary: RunSummary, _ series: RunTimeSeries) -> [FaultImpact] {
        let bucket = series.bucketSeconds
        guard bucket > 0, series.bucketCount > 0 else { return [] }
        let runEnd = summary.window.durationSeconds
        // Routes and journeys by name (services are inside routes already), in summary order.
        let subjects = summary.routes.filter { $0.kind == .route || $0.kind == .journey }
        var perSubject: [(name: String, kind: RouteSummary.Kind, requests: [Double], errorPercent: [Double], p99: [Double], failures: [(String, [Double])])] = []
        for r in subjects {
            guard let throughput = series.values(.throughputPerSecond, r.name) else { continue }
            let failures = RunTimeSeries.Metric.failureMetrics.compactMap { m in series.values(m, r.name).map { (m.failureLabel!, $0) } }
            perSubject.append((r.name, r.kind, throughput.map { ($0 * bucket).rounded() },
                               series.values(.errorPercent, r.name) ?? [], series.values(.latencyP99Ms, r.name) ?? [], failures))
        }
        func bucketIndex(_ seconds: Double) -> Int { Int((seconds / bucket).rounded(.down)) }
        return summary.faults.map { fault in
            let end = min(fault.endSeconds ?? runEnd, runEnd)
            let first = max(0, bucketIndex(fault.startSeconds))
            let last = min(series.bucketCount - 1, max(first, Int((end / bucket).rounded(.up)) - 1))
            let window = first...last
            // Pre-fault: whole buckets ending at or before the start, within preFaultSeconds, after warm-up.
            let preEnd = bucketIndex(fault.startSeconds)          // exclusive
            let preStart = max(0, bucketIndex(max(fault.startSeconds - preFaultSeconds, summary.window.warmupSeconds).rounded(.up)))
            // First bucket starting at or after the fault's end.
            let afterEnd = Int((end / bucket).rounded(.up))
            var found: [Subject] = []
            for s in perSubject {
                let requests = window.reduce(0.0) { $0 + (($1 < s.requests.count) ? s.requests[$1] : 0) }
                guard requests > 0 else { continue }
                var byOutcome: [(label: String, count: Int)] = []
                for (label, values) in s.failures {
                    let count = Int(window.reduce(0.0) { $0 + ($1 < values.count ? values[$1] : 0) })
                    if count > 0 { byOutcome.append((label, count)) }
                }
                let failures = byOutcome.reduce(0) { $0 + $1.count }
                let p99 = window.reduce(0.0) { max($0, $1 < s.p99.count && s.requests[$1] > 0 ? s.p99[$1] : 0) }
                func failuresIn(_ b: Int) -> Double { s.failures.reduce(0.0) { $0 + (b < $1.1.count ? $1.1[b] : 0) } }
                var preRequests = 0.0, preFailures = 0.0
                if preStart < preEnd { for b in preStart..<preEnd where b < s.requests.count { preRequests += s.requests[b]; preFailures += failuresIn(b) } }
                let preShare = preRequests > 0 ? preFailures / preRequests * 100 : 0
                var recovery: Double?
                if fault.endSeconds != nil, end < runEnd, afterEnd < series.bucketCount {
                    for b in afterEnd..<series.bucketCount where b < s.requests.count && s.requests[b] > 0 {
                        if failuresIn(b) / s.requests[b] * 100 <= preShare + tolerancePoints {
                            recovery = max(0, Double(b) * bucket - end)
                            break
                        }
                    }
                }
                found.append(Subject(name: s.name, kind: s.kind, requests: Int(requests), failures: failures, failuresByOutcome: byOutcome,
                                     availabilityPercent: (requests - Double(failures)) / requests * 100, worstBucketP99Ms: p99,
                                     preFaultErrorPercent: preShare, recoverySeconds: recovery))
            }
            found.sort { a, b in
                if a.failures != b.failures { return a.failures > b.failures }
                if a.worstBucketP99Ms != b.worstBucketP99Ms { return a.worstBucketP99Ms > b.worstBucketP99Ms }
                return (a.kind, a.name) < (b.kind, b.name)
            }
            let kept = Array(found.prefix(maximumSubjects))
            let dropped = found.dropFirst(maximumSubjects)
            return FaultImpact(fault: fault, endSeconds: end, windowStartSeconds: Double(first) * bucket, windowEndSeconds: Double(last + 1) * bucket,
                               subjects: kept, omitted: dropped.count, omittedWithFailures: dropped.filter { $0.failures > 0 }.count,
                               runEndSeconds: runEnd)
        }
    }

    /// The definitions, in one sentence each, printed above the tables.
    public static var legend: String {
        "Per fault: the time-series buckets overlapping its window; p99 is the worst bucket's p99 (not pooled); "
            + "recovered = time from the fault's end to the first bucket (starting at or after the end) whose error share is ≤ the share "
            + "in the \(BudgetFormat.number(preFaultSeconds)) s before the fault + \(BudgetFormat.number(tolerancePoints)) point; "
            + "the \(maximumSubjects) routes/journeys with most failures are shown."
    }

    /// `instance-crash on compra-command-2, 2m–3m` style heading; merged faults of one kind are
    /// listed together (`partition on zone-c ↔ zone-a and zone-c ↔ zone-b, 5m–7m`); a fault cut
    /// by an `abortOnFail` stop says so (`4m–4m10s (run aborted at 4m10s)`).
    public var heading: String {
        let all = faults.isEmpty ? [fault] : faults
        var kinds: [String] = []
        for f in all where !kinds.contains(f.kind) { kinds.append(f.kind) }
        let names = kinds.map { kind in "\(kind) on " + all.filter { $0.kind == kind }.map(\.reportTargetLabel).joined(separator: " and ") }
        var text = names.joined(separator: "; ") + ", \(Self.clock(fault.startSeconds))–\(fault.endSeconds.map(Self.clock) ?? "end")"
        if let abort = abortedAtSeconds, fault.endSeconds.map({ $0 >= abort }) ?? true {
            text += " (run aborted at \(Self.clock(abort)))"
        }
        return text
    }

    /// `1m30s`, `45s`, `2m`: a run time for headings.
    static func clock(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down)), fraction = seconds - Double(whole)
        let m = whole / 60, s = whole % 60
        let secondsText = fraction > 0 ? BudgetFormat.number(Double(s) + fraction, fractionDigits: 3) : String(s)
        if m == 0 { return secondsText + "s" }
        return s == 0 && fraction == 0 ? "\(m)m" : "\(m)m\(secondsText)s"
    }

    /// `timeout 30, 5xx 60` or `none`.
    static func outcomesText(_ s: Subject) -> String {
        s.failuresByOutcome.isEmpty ? "none" : s.failuresByOutcome.map { "\($0.label) \($0.count)" }.joined(separator: ", ")
    }

    /// `+4s`, `no failures`, `not by the run's end`, or `fault lasts to the end`. A subject without
    /// a failure in the window had nothing to recover from: its "recovery" would only be the gap
    /// from the fault's end to the next bucket boundary, so it is not shown as a time.
    func recoveryText(_ s: Subject) -> String {
        if s.failures == 0 && s.recoverySeconds != nil { return "no failures" }
        if let r = s.recoverySeconds { return "+" + BudgetFormat.number(r, fractionDigits: 3) + "s" }
        return lastsToEnd ? "fault lasts to the end" : "not by the run's end"
    }

    /// The fault has no end, or ends at (or after) the run's end: there is no "after" to measure.
    public var lastsToEnd: Bool { fault.endSeconds == nil || endSeconds >= runEndSeconds }

    static func percent(_ x: Double) -> String { BudgetFormat.number(x, fractionDigits: 2) + "%" }
    static func ms(_ x: Double) -> String { BudgetFormat.value(x, unit: .milliseconds) }
}
