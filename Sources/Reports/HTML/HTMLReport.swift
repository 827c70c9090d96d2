import Telemetry

/// `report.html`: one self-contained page for architects (DESIGN §6) — inline CSS and SVG only,
/// no scripts, no fonts, no network. Sections, most important first: headline cards; a table of
/// contents; budgets, invariants and regressions; outcome breakdown (failure shares labelled);
/// per route throughput and latency percentiles (p50/p95/p99) over time, routes with budgets
/// first, then by request count; breaker state timeline and a Turbine-style cluster view
/// (reference/netflix-oss.md §2.2–2.3); utilisation and queue heat maps; seat sales against
/// capacity; requests to dead instances; components; topology. Every time chart shades the
/// fault windows and the warm-up.
///
/// The page is a function of the run's results except one footer line, `engine (varies between
/// runs)`, holding wall-clock figures: so report.html is **not** byte-identical between two
/// identical runs (summary.json's `engine` block differs the same way; docs/reports.md).
public enum HTMLReport {
    public static func html(_ a: RunArtifacts, regressions: [RegressionFinding] = []) -> String {
        let s = a.summary
        var body = header(s)
        body += HTMLReport.cards(s, timeSeries: a.timeSeries)
        body += tableOfContents(s)
        body += section("Budgets, invariants and regressions", verdictTables(s, regressions), id: "verdicts")
        if !s.faults.isEmpty { body += section("During the faults", FaultImpact.html(FaultImpact.analyse(s, a.timeSeries)), id: "faults") }
        body += section("Outcomes", outcomeChart(s), id: "outcomes")
        body += section("Throughput and latency per route", routeCharts(a), id: "routes")
        body += section("Circuit breakers", breakerSection(a), id: "breakers")
        body += section("Instances", heatMaps(a), id: "instances")
        body += section("Seats and registry staleness", seatsAndStaleness(a), id: "seats")
        body += section("Components", componentTable(s), id: "components")
        body += section("Topology", "<div class=\"scroll\">" + TopologyDiagram(edges: a.topologyEdges).svg() + "</div>", id: "topology")
        body += footer(s)
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>cinesim · \(e(s.scenario.name))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n<main>\n"
            + body + "</main>\n</body>\n</html>\n"
    }

    static func e(_ s: String) -> String { JUnitReport.escape(s) }
    static func num(_ x: Double, _ digits: Int = 2) -> String { BudgetFormat.number(x, fractionDigits: digits) }

    static func section(_ title: String, _ content: String, id: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(e(title))</h2>\n\(content)\n</section>\n"
    }

    static func header(_ s: RunSummary) -> String {
        var out = "<header>\n<h1>\(e(s.scenario.name))</h1>\n"
        if !s.scenario.description.isEmpty { out += "<p class=\"lede\">\(e(s.scenario.description))</p>\n" }
        out += "<p class=\"meta\">seed \(s.replay.seed) · \(e(ChartUnit.time.label(s.window.durationSeconds))) simulated, warm-up \(e(ChartUnit.time.label(s.window.warmupSeconds))) excluded · bucket \(num(s.window.bucketSeconds)) s · cinesim \(e(s.replay.cinesimVersion))</p>\n"
        if !s.faults.isEmpty {
            out += "<p class=\"meta\"><span class=\"swatch fault\"></span> shaded: fault windows — "
                + s.faults.map { "\(e($0.kind)) on \(e($0.reportTargetLabel)) \(e(ChartUnit.time.label($0.startSeconds)))–\($0.endSeconds.map { e(ChartUnit.time.label($0)) } ?? "end")\(e(s.cutNote($0)))" }.joined(separator: "; ")
                + "</p>\n"
        }
        return out + "</header>\n"
    }

    /// The purchase route for the headline: `POST /api/compras`, else a route or journey about
    /// compras / buying.
    static func purchaseRoute(_ s: RunSummary) -> RouteSummary? {
        s.routes.first { $0.name == "POST /api/compras" }
            ?? s.routes.first { $0.kind == .route && $0.name.contains("compras") && $0.name.hasPrefix("POST") }
            ?? s.routes.first { $0.kind == .journey && $0.name.contains("buy") }
    }

    /// Headline cards. `timeSeries` adds the steady-state (peak 60 s) throughput and the seat-sale
    /// curve (peak minute against the last minute), so a collapse of sales shows at the top even
    /// when availability over the whole run looks fine.
    static func cards(_ s: RunSummary, timeSeries: RunTimeSeries? = nil) -> String {
        let routes = s.routes.filter { $0.kind == .route }
        let total = routes.reduce(0) { $0 + $1.outcomes.total }
        let served = routes.reduce(0) { $0 + $1.outcomes.success + $1.outcomes.degraded }
        let availability = total > 0 ? 100 * Double(served) / Double(total) : 0
        let invariantsOK = s.invariants.filter(\.passed).count, budgetsOK = s.budgets.filter { !$0.failed }.count
        func card(_ label: String, _ value: String, _ detail: String, ok: Bool?, id: String) -> String {
            let cls = ok.map { $0 ? " ok" : " bad" } ?? ""
            return "<div class=\"card\(cls)\" data-card=\"\(id)\"><div class=\"label\">\(e(label))</div><div class=\"value\">\(e(value))</div><div class=\"detail\">\(e(detail))</div></div>\n"
        }
        var out = "<div class=\"cards\">\n"
        out += card("Availability", total > 0 ? num(availability, 3) + "%" : "–", "\(served) of \(total) requests served", ok: nil, id: "availability")
        out += card("Seats sold", "\(s.seats.sold)", "of \(s.seats.offered) offered · \(num(s.seats.soldPerSecond))/s · oversold \(s.seats.oversold)", ok: s.seats.oversold == 0, id: "seats")
        if let sales = timeSeries.flatMap({ HeadlineRates.seatSales($0, warmupSeconds: s.window.warmupSeconds) }) {
            // Bad when the last minute sold under half the best minute while seats were left.
            let collapsed = sales.lastMinute < sales.peakMinute / 2 && s.seats.sold + s.seats.held < s.seats.offered
            out += card("Seat sales (last 60 s)", num(sales.lastMinute) + "/s",
                        "peak 60 s \(num(sales.peakMinute))/s · mean \(num(s.seats.soldPerSecond))/s over the measured window", ok: collapsed ? false : nil, id: "seat-sales")
        }
        if let p = purchaseRoute(s) {
            // POST /api/compras holds seats; paying and confirming are the routes after it.
            let label = p.name == "POST /api/compras" ? "Seat hold p99" : "Purchase p99"
            out += card(label, BudgetFormat.value(p.latency.p99Ms, unit: .milliseconds), p.name + " · p50 " + BudgetFormat.value(p.latency.p50Ms, unit: .milliseconds), ok: nil, id: "purchase-p99")
        } else {
            out += card("Purchase p99", "–", "no purchase route in this run", ok: nil, id: "purchase-p99")
        }
        out += card("Invariants", "\(invariantsOK)/\(s.invariants.count)", invariantsOK == s.invariants.count ? "all hold" : "\(s.invariants.count - invariantsOK) violated", ok: invariantsOK == s.invariants.count, id: "invariants")
        out += card("Budgets", "\(budgetsOK)/\(s.budgets.count)", budgetsOK == s.budgets.count ? "all within budget" : "\(s.budgets.count - budgetsOK) broken", ok: budgetsOK == s.budgets.count, id: "budgets")
        let mean = routes.reduce(0) { $0 + $1.throughputPerSecond }
        let peak = timeSeries.flatMap { HeadlineRates.peakMinuteThroughput($0, routes: routes.map(\.name), warmupSeconds: s.window.warmupSeconds) }
        out += card("Throughput (mean)", num(mean, 0) + "/s",
                    "requests/s over the measured window (\(ChartUnit.time.label(s.window.warmupSeconds))–\(ChartUnit.time.label(s.window.durationSeconds)), ramp included)"
                        + (peak.map { " · peak 60 s \(num($0, 0))/s" } ?? "") + " · \(routes.count) routes", ok: nil, id: "throughput")
        if let abort = s.aborted {
            out += card("Aborted", "at \(num(abort.atSeconds))s", "abortOnFail: \(abort.budget.label) · observed \(abort.budget.observed)", ok: false, id: "aborted")
        }
        return out + "</div>\n"
    }

    /// The routes that get their own charts: every `route`, or the journeys when no route exists,
    /// most important first — routes named by a budget, then by request count (descending),
    /// then by name — so the purchase path is not buried under alphabetical read routes.
    public static func chartedRoutes(_ s: RunSummary) -> [RouteSummary] {
        let routes = s.routes.filter { $0.kind == .route }
        let charted = routes.isEmpty ? s.routes.filter { $0.kind == .journey } : routes
        return byImportance(charted, s)
    }

    /// `routes` with those named by a budget first, then by request count (descending), then by name.
    static func byImportance(_ routes: [RouteSummary], _ s: RunSummary) -> [RouteSummary] {
        let budgeted = Set(s.budgets.map(\.target))
        return routes.sorted { x, y in
            let bx = budgeted.contains(x.name), by = budgeted.contains(y.name)
            if bx != by { return bx }
            if x.count != y.count { return x.count > y.count }
            return x.name < y.name
        }
    }

    /// Anchored links to every section, and to each route's panel, in page order.
    static func tableOfContents(_ s: RunSummary) -> String {
        let sections = [("verdicts", "Budgets, invariants and regressions")] + (s.faults.isEmpty ? [] : [("faults", "During the faults")])
            + [("outcomes", "Outcomes"), ("routes", "Routes"), ("breakers", "Circuit breakers"), ("instances", "Instances"), ("seats", "Seats"),
               ("components", "Components"), ("topology", "Topology")]
        var out = "<nav class=\"toc\" aria-label=\"contents\"><p>" + sections.map { "<a href=\"#\($0.0)\">\(e($0.1))</a>" }.joined(separator: " · ") + "</p>\n"
        let routes = chartedRoutes(s)
        if !routes.isEmpty {
            out += "<p class=\"small\">routes: " + routes.enumerated().map { i, r in "<a href=\"#route-\(i + 1)\">\(e(r.name))</a>" }.joined(separator: " · ") + "</p>\n"
        }
        return out + "</nav>\n"
    }

    static func optional(_ v: [Double]?, mask: [Double]?) -> [Double?] {
        guard let v else { return [] }
        return v.enumerated().map { i, x in
            if let mask, i < mask.count, mask[i] <= 0 { return nil }
            return x
        }
    }

    /// Failed requests per second: throughput × error % / 100 (same unit as throughput).
    static func failedPerSecond(_ throughput: [Double]?, _ errorPercent: [Double]?) -> [Double?] {
        guard let throughput, let errorPercent else { return [] }
        return zip(throughput, errorPercent).map { $0 * $1 / 100 }
    }

    static func routeCharts(_ a: RunArtifacts) -> String {
        let s = a.summary, ts = a.timeSeries
        let duration = s.window.durationSeconds
        var out = "<div class=\"grid\">\n"
        for (index, r) in chartedRoutes(s).enumerated() {
            let throughput = ts.values(.throughputPerSecond, r.name)
            let frame = TimeChartFrame(durationSeconds: duration, faults: s.faults, height: 200, warmupSeconds: s.window.warmupSeconds)
            let t = LineChart(title: "\(r.name) · throughput", unit: .perSecond, bucketSeconds: ts.bucketSeconds,
                              series: [.init(name: "completed/s", color: SVG.palette[0], values: optional(throughput, mask: nil)),
                                       .init(name: "failed/s", color: SVG.palette[5], values: failedPerSecond(throughput, ts.values(.errorPercent, r.name)))],
                              frame: frame)
            let refs: [(label: String, value: Double)] = s.budgets.compactMap { b in
                guard b.target == r.name, let ex = try? BudgetExpression.parse(b.expression), case .percentile = ex.aggregate else { return nil }
                return (b.expression, ex.threshold)
            }
            let p50 = optional(ts.values(.latencyP50Ms, r.name), mask: throughput)
            let p99 = optional(ts.values(.latencyP99Ms, r.name), mask: throughput)
            // A fault's 30 s timeouts next to a 20 ms steady state flatten a linear axis: switch to
            // a log axis when the worst p99 is ≥ 50 × the typical p50.
            let axis = LineChart.YAxis.suggested(for: p50.compactMap { $0 } + [p99.compactMap { $0 }.max() ?? 0])
            let l = LineChart(title: "\(r.name) · latency", unit: .milliseconds, bucketSeconds: ts.bucketSeconds,
                              series: [.init(name: "p50", color: SVG.percentileColors[0], values: p50),
                                       .init(name: "p95", color: SVG.percentileColors[1], values: optional(ts.values(.latencyP95Ms, r.name), mask: throughput)),
                                       .init(name: "p99", color: SVG.percentileColors[2], values: p99)],
                              frame: frame, references: refs, yAxis: axis)
            out += "<figure class=\"route scroll\" id=\"route-\(index + 1)\" data-route=\"\(e(r.name))\">\n"
            out += "<figcaption><b>\(e(r.name))</b> · \(r.count) requests · availability \(num(r.availabilityPercent, 3))% · p99 \(e(BudgetFormat.value(r.latency.p99Ms, unit: .milliseconds)))</figcaption>\n"
            out += t.svg(kind: "throughput", subject: r.name) + "\n" + l.svg(kind: "latency", subject: r.name) + "\n</figure>\n"
        }
        return out + "</div>"
    }

    static let outcomeCategories: [(name: String, color: String)] = [
        ("success", "#009E73"), ("degraded", "#56B4E9"), ("client timeout", "#CC79A7"),
        ("4xx", "#E69F00"), ("5xx", "#D55E00"), ("shed", "#555555"),
    ]

    static func outcomeChart(_ s: RunSummary) -> String {
        // Same order as the route panels: budgeted first, then busiest.
        let shown = byImportance(s.routes.filter { $0.kind != .service }, s)
        let bars = shown.map { r in
            StackedBarChart.Bar(name: r.name, parts: [r.outcomes.success, r.outcomes.degraded, r.outcomes.clientTimeout,
                                                      r.outcomes.clientError4xx, r.outcomes.serverError5xx, r.outcomes.shed].map(Double.init))
        }
        var chart = StackedBarChart(title: "Outcome of every request, per route and journey", categories: outcomeCategories, bars: bars)
        // Failure shares of 0.3 % would be sub-pixel: give non-zero segments a visible width and
        // print each bar's failed share beside it.
        chart.minimumPartWidth = 3
        chart.trailingLabels = shown.map { r in
            let total = r.outcomes.total
            let failed = total - r.outcomes.success - r.outcomes.degraded
            return total == 0 ? "" : failed == 0 ? "0 failed" : "\(BudgetFormat.number(100 * Double(failed) / Double(total), fractionDigits: failed * 1000 < total ? 2 : 1))% failed"
        }
        var out = "<div class=\"scroll wide\">" + chart.svg(kind: "outcomes") + "</div>"
        out += "\n<p class=\"note\">Non-zero segments are drawn at least 3 px wide so small failure shares stay visible; the table below has exact counts.</p>"
        out += "\n<div class=\"scroll\"><table><thead><tr><th>route</th><th>success</th><th>degraded</th><th>client timeout</th><th>4xx</th><th>5xx</th><th>shed</th><th>retries</th></tr></thead><tbody>\n"
        for r in shown {
            let o = r.outcomes
            out += "<tr><td><code>\(e(r.name))</code></td><td>\(o.success)</td><td>\(o.degraded)</td><td>\(o.clientTimeout)</td><td>\(o.clientError4xx)</td><td>\(o.serverError5xx)</td><td>\(o.shed)</td><td>\(r.retryAttempts)</td></tr>\n"
        }
        return out + "</tbody></table></div>"
    }

    static let breakerStates: [(name: String, color: String)] = [("closed", "#009E73"), ("open", "#D55E00"), ("half-open", "#E69F00")]

    static func normaliseState(_ s: String) -> String {
        let l = s.lowercased().replacingOccurrences(of: "_", with: "-")
        return l == "halfopen" ? "half-open" : l
    }

    /// Lanes per (command, instance) from the transitions; instances whose breaker never moved
    /// have no lane.
    static func breakerLanes(_ s: RunSummary) -> [LaneChart.Lane] {
        var keys: [String] = []
        var byKey: [String: [BreakerTransition]] = [:]
        for t in s.breakerTransitions {
            let key = "\(t.command) @ \(t.instance)"
            if byKey[key] == nil { keys.append(key) }
            byKey[key, default: []].append(t)
        }
        return keys.sorted().map { key in
            let ts = byKey[key]!
            var segments: [LaneChart.Segment] = []
            var state = normaliseState(ts[0].from), since = 0.0
            for t in ts {
                segments.append(.init(startSeconds: since, endSeconds: t.atSeconds, state: state))
                state = normaliseState(t.to); since = t.atSeconds
            }
            segments.append(.init(startSeconds: since, endSeconds: s.window.durationSeconds, state: state))
            return LaneChart.Lane(name: key, segments: segments.filter { $0.endSeconds > $0.startSeconds })
        }
    }

    static func breakerSection(_ a: RunArtifacts) -> String {
        let s = a.summary
        var lanes = breakerLanes(s)
        if lanes.isEmpty {
            // Fall back to the per-command breaker_state series (0 closed, 1 open, 2 half-open).
            for series in a.timeSeries.series where series.metric == .breakerState {
                var segs: [LaneChart.Segment] = []
                for (i, v) in series.values.enumerated() {
                    let state = v >= 1.5 ? "half-open" : v >= 0.5 ? "open" : "closed"
                    let start = Double(i) * a.timeSeries.bucketSeconds
                    if var last = segs.last, last.state == state { last.endSeconds = start + a.timeSeries.bucketSeconds; segs[segs.count - 1] = last }
                    else { segs.append(.init(startSeconds: start, endSeconds: start + a.timeSeries.bucketSeconds, state: state)) }
                }
                lanes.append(.init(name: series.subject, segments: segs))
            }
        }
        let shown = Array(lanes.prefix(48))
        var laneChart = LaneChart(title: "Breaker state per command and instance", lanes: shown, states: breakerStates,
                                  durationSeconds: s.window.durationSeconds, faults: s.faults)
        laneChart.warmupSeconds = s.window.warmupSeconds
        var out = "<div class=\"scroll wide\">" + laneChart.svg(kind: "breakers") + "</div>"
        if lanes.count > shown.count { out += "<p class=\"note\">\(lanes.count - shown.count) more lanes not drawn.</p>" }
        out += "\n<h3>Cluster view (Turbine aggregation)</h3>\n" + clusterView(s, lanes: lanes, series: a.timeSeries)
        return out
    }

    /// One Hystrix-dashboard-style tile per command: hosts, circuit label per the dashboard's rule
    /// (all hosts open → "Open", none → "Closed", else "Open n Closed m"; netflix-oss.md §2.2),
    /// the peak number of hosts open at once, and the command's rate, error % and p99 when the
    /// service is summarised.
    static func clusterView(_ s: RunSummary, lanes: [LaneChart.Lane], series: RunTimeSeries? = nil) -> String {
        // The platform's Turbine aggregation per command (turbine_* series), when recorded.
        var turbine: [String: [RunTimeSeries.Metric: [Double]]] = [:]
        for t in series?.series ?? [] where t.metric.rawValue.hasPrefix("turbine_") { turbine[t.subject, default: [:]][t.metric] = t.values }
        var commands: [String] = []
        var hostsByCommand: [String: [LaneChart.Lane]] = [:]
        for lane in lanes {
            let command = String(lane.name.split(separator: "@").first ?? Substring(lane.name)).trimmingCharacters(in: .whitespaces)
            if hostsByCommand[command] == nil { commands.append(command) }
            hostsByCommand[command, default: []].append(lane)
        }
        for r in s.routes where r.kind == .service && hostsByCommand[r.name] == nil {
            commands.append(r.name); hostsByCommand[r.name] = []
        }
        for name in turbine.keys.sorted() where hostsByCommand[name] == nil { commands.append(name); hostsByCommand[name] = [] }
        guard !commands.isEmpty else { return "<p class=\"note\">No Hystrix commands recorded.</p>" }
        var out = "<div class=\"tiles\">\n"
        for command in commands.sorted() {
            let hosts = hostsByCommand[command]!
            let open = hosts.filter { $0.segments.last?.state == "open" }.count
            let label = hosts.isEmpty || open == 0 ? "Closed" : open == hosts.count ? "Open" : "Open \(open) Closed \(hosts.count - open)"
            // Peak simultaneous open hosts: sweep over segment boundaries.
            var events: [(Double, Int)] = []
            for h in hosts { for seg in h.segments where seg.state == "open" { events.append((seg.startSeconds, 1)); events.append((seg.endSeconds, -1)) } }
            events.sort { ($0.0, $0.1) < ($1.0, $1.1) }
            var current = 0, peak = 0
            for ev in events { current += ev.1; peak = max(peak, current) }
            let route = s.routes.first { $0.kind == .service && $0.name == command }
            let errorPercent = route.map { r in r.count > 0 ? 100 * Double(r.count - r.outcomes.success - r.outcomes.degraded) / Double(r.count) : 0 } ?? 0
            let color = errorPercent < 1 ? "#009E73" : errorPercent < 10 ? "#E69F00" : "#D55E00"
            let rate = route?.throughputPerSecond ?? 0
            let radius = 6 + min(22, rate.squareRoot() * 1.2)
            out += "<div class=\"tile\" data-command=\"\(e(command))\"><svg viewBox=\"0 0 60 60\" class=\"dot\" role=\"img\" aria-label=\"health\"><circle cx=\"30\" cy=\"30\" r=\"\(SVG.n(radius))\" fill=\"\(color)\" fill-opacity=\"0.75\"/></svg>"
            out += "<div><div class=\"cmd\">\(e(command))</div>"
            out += "<div class=\"circuit \(open > 0 ? "bad" : "ok")\">Circuit \(e(label))</div>"
            out += "<div class=\"small\">hosts with breaker activity \(hosts.count) · peak open \(peak)"
            if let route { out += " · \(num(rate))/s · errors \(num(errorPercent))% · p99 \(e(BudgetFormat.value(route.latency.p99Ms, unit: .milliseconds)))" }
            out += "</div>"
            if let t = turbine[command] {
                let hosts = t[.turbineReportingHosts]?.max() ?? 0, requests = t[.turbineRequestCount]?.max() ?? 0
                let errors = t[.turbineErrorPercent]?.max() ?? 0, openPeak = t[.turbineOpenHosts]?.max() ?? 0
                out += "<div class=\"small\">Turbine: \(num(hosts)) hosts reporting · rolling requests peak \(num(requests)) · cluster errors peak \(num(errors))% · open hosts peak \(num(openPeak))</div>"
            }
            out += "</div></div>\n"
        }
        return out + "</div>"
    }

    static func heatMaps(_ a: RunArtifacts) -> String {
        let s = a.summary, ts = a.timeSeries
        let util = ts.series.filter { $0.metric == .utilisation }.prefix(60).map { HeatMap.Row(name: $0.subject, values: $0.values) }
        let queue = ts.series.filter { $0.metric == .queueLength }.prefix(60).map { HeatMap.Row(name: $0.subject, values: $0.values) }
        var utilisation = HeatMap(title: "Utilisation per instance (busy workers / workers)", unit: .percent,
                                  rows: util.map { .init(name: $0.name, values: $0.values.map { $0 * 100 }) },
                                  bucketSeconds: ts.bucketSeconds, durationSeconds: s.window.durationSeconds, faults: s.faults, fullScale: 100)
        utilisation.warmupSeconds = s.window.warmupSeconds
        var out = "<div class=\"scroll wide\">" + utilisation.svg(kind: "utilisation") + "</div>"
        // An all-zero queue map would be a blank chart with the legend `0 0 0`: say so instead.
        guard queue.contains(where: { $0.values.contains { $0 > 0 } }) else {
            return out + "\n<p class=\"note\" data-note=\"queue\">Queue length per instance: no queueing recorded — every instance's queue stayed empty for the whole run"
                + (queue.isEmpty ? " (no queue series in this run)." : " (\(queue.count) instances).") + "</p>"
        }
        var queueMap = HeatMap(title: "Queue length per instance", unit: .count, rows: Array(queue), bucketSeconds: ts.bucketSeconds,
                               durationSeconds: s.window.durationSeconds, faults: s.faults, fullScale: nil)
        queueMap.warmupSeconds = s.window.warmupSeconds
        out += "\n<div class=\"scroll wide\">" + queueMap.svg(kind: "queue") + "</div>"
        return out
    }

    static func seatsAndStaleness(_ a: RunArtifacts) -> String {
        let s = a.summary, ts = a.timeSeries
        let frame = TimeChartFrame(durationSeconds: s.window.durationSeconds, faults: s.faults, height: 220, warmupSeconds: s.window.warmupSeconds)
        let seats = LineChart(title: "Seats sold against capacity (cumulative)", unit: .count, bucketSeconds: ts.bucketSeconds,
                              series: [.init(name: "sold", color: SVG.palette[2], values: optional(ts.values(.seatsSold, "all"), mask: nil)),
                                       .init(name: "offered", color: SVG.palette[7], values: optional(ts.values(.seatsOffered, "all"), mask: nil), dashed: true)],
                              frame: frame)
        let dead = ts.series.filter { $0.metric == .requestsToDeadInstances }
        let deadChart = LineChart(title: "Requests routed to dead instances (registry staleness)", unit: .count, bucketSeconds: ts.bucketSeconds,
                                  series: dead.enumerated().map { i, d in .init(name: d.subject, color: SVG.palette[i % SVG.palette.count], values: d.values.map { $0 }) },
                                  frame: frame)
        let total = s.platformMetrics.first { $0.name == "requests_to_dead_instances" }?.value
        return "<div class=\"grid\"><div class=\"scroll\">" + seats.svg(kind: "seats") + "</div><div class=\"scroll\">" + deadChart.svg(kind: "dead-instances") + "</div></div>"
            + "<p class=\"note\">Seats: \(s.seats.sold) sold, \(s.seats.held) held, \(s.seats.offered) offered, oversold \(s.seats.oversold)."
            + (total.map { " Requests to dead instances over the run: \(num($0, 0))." } ?? "") + "</p>"
    }

    static func verdictTables(_ s: RunSummary, _ regressions: [RegressionFinding]) -> String {
        func mark(_ ok: Bool) -> String { ok ? "<td class=\"ok\">pass</td>" : "<td class=\"bad\">FAIL</td>" }
        var out = "<div class=\"scroll\"><table data-table=\"budgets\"><thead><tr><th></th><th>target</th><th>budget</th><th>window</th><th>observed</th></tr></thead><tbody>\n"
        for b in s.budgets {
            out += "<tr>\(b.isSkipped ? "<td>skipped</td>" : mark(b.passed))<td><code>\(e(b.target))</code></td><td><code>\(e(b.expression))</code></td><td>\(e(b.window ?? (b.expression.hasPrefix("recovery") ? "from each fault's end" : "whole run")))</td><td>\(e(b.observed))</td></tr>\n"
        }
        if s.budgets.isEmpty { out += "<tr><td colspan=\"5\">No budgets in this scenario.</td></tr>\n" }
        out += "</tbody></table></div>\n<div class=\"scroll\"><table data-table=\"invariants\"><thead><tr><th></th><th>invariant</th><th>detail</th></tr></thead><tbody>\n"
        for i in s.invariants { out += "<tr>\(mark(i.passed))<td>\(e(i.name))</td><td>\(e(i.detail))</td></tr>\n" }
        if s.invariants.isEmpty { out += "<tr><td colspan=\"3\">No invariants recorded.</td></tr>\n" }
        out += "</tbody></table></div>\n"
        if !regressions.isEmpty {
            out += "<div class=\"scroll\"><table data-table=\"regressions\"><thead><tr><th></th><th>metric</th><th>baseline (95% CI)</th><th>current (95% CI)</th><th>change</th><th>band</th><th>p</th><th>note</th></tr></thead><tbody>\n"
            for r in regressions {
                func est(_ x: SampleEstimate) -> String { "\(num(x.mean)) (\(num(x.confidenceLow))–\(num(x.confidenceHigh)), n=\(x.count))" }
                out += "<tr>\(r.skipped ? "<td>skipped</td>" : mark(!r.regressed))<td><code>\(e(r.metric))</code></td><td>\(est(r.baseline))</td><td>\(est(r.current))</td><td>\(r.changePercent >= 0 ? "+" : "")\(num(r.changePercent))%</td><td>\(e(r.tolerance))</td><td>\(r.pValue.map { num($0, 4) } ?? "–")</td><td>\(e(r.note))</td></tr>\n"
            }
            out += "</tbody></table></div>\n"
        }
        if !s.warnings.isEmpty {
            out += "<h3>Warnings</h3><ul>" + s.warnings.map { "<li>\(e($0))</li>" }.joined() + "</ul>\n"
        }
        return out
    }

    static func componentTable(_ s: RunSummary) -> String {
        var out = "<div class=\"scroll\"><table data-table=\"components\"><thead><tr><th>component</th><th>kind</th><th>instance</th><th>zone</th><th>requests</th><th>rejected</th><th>utilisation</th><th>mean queue</th><th>L (in node)</th><th>λW (Little)</th></tr></thead><tbody>\n"
        for c in s.components {
            for i in c.instances {
                out += "<tr><td>\(e(c.name))</td><td>\(e(c.kind))</td><td>\(e(i.name))</td><td>\(e(i.zone))</td><td>\(i.requests)</td><td>\(i.rejected)</td><td>\(num(i.utilisation * 100, 1))%</td><td>\(num(i.meanQueueLength))</td><td>\(num(i.meanInSystem, 3))</td><td>\(num(i.arrivalRatePerSecond * i.meanTimeInSystemSeconds, 3))</td></tr>\n"
            }
        }
        if s.components.isEmpty { out += "<tr><td colspan=\"10\">No components recorded.</td></tr>\n" }
        return out + "</tbody></table></div>"
    }

    static func footer(_ s: RunSummary) -> String {
        // Wall-clock figures differ between identical runs: they stay on one labelled line so the
        // rest of the page is a function of the results alone.
        "<footer><p>Replay: <code>\(e(s.replay.command))</code></p><p>commit \(e(s.replay.commit)) · scenario file \(e(s.scenario.file)) (\(e(s.scenario.fileHash)))</p>"
            + "<p class=\"note\" data-engine>engine (varies between runs, not a result): \(s.engine.events) events, \(num(s.engine.wallSeconds, 2)) s wall time, \(num(s.engine.eventsPerSecond, 0)) events/s, \(num(s.engine.simulatedToRealRatio, 1))× real time</p></footer>\n"
    }
}

import Foundation
