import Telemetry

/// Renders a ``SweepResult`` as `sweep.csv`, `sweep.md` and `sweep.html` (capacity curves: p99
/// latency, availability and throughput per route, and seats sold per second, against the swept
/// parameter; mean and 95 % CI across seeds).
public enum SweepReport {
    /// Routes charted and tabulated: `requested` (in that order, those present) when given; else
    /// the scenario's budget targets that are routes, then the `route`-kind entries with the most
    /// requests, up to `limit` (ties by name).
    public static func chartedRoutes(_ result: SweepResult, requested: [String] = [], limit: Int = 4) -> [String] {
        var totals: [String: Int] = [:]
        var names: [String] = []
        for p in result.points {
            for r in p.routes where r.kind == .route {
                if totals[r.name] == nil { names.append(r.name) }
                totals[r.name, default: 0] += r.count
            }
        }
        if !requested.isEmpty {
            let present = result.points.flatMap { $0.routes.map(\.name) }
            return requested.filter { present.contains($0) }
        }
        var chosen: [String] = []
        for target in result.scenario.budgetTargets where totals[target] != nil && !chosen.contains(target) { chosen.append(target) }
        for name in names.sorted(by: { totals[$0]! != totals[$1]! ? totals[$0]! > totals[$1]! : $0 < $1 }) where chosen.count < limit {
            if !chosen.contains(name) { chosen.append(name) }
        }
        return chosen
    }

    // MARK: CSV

    /// One row per grid cell and route (every kind), with mean and CI half-width columns.
    public static func csv(_ result: SweepResult) -> String {
        var header = ["cell"] + result.grid.parameters.map(\.path)
        header += ["seeds", "failed_points", "kind", "route", "p99_ms_mean", "p99_ms_ci95", "availability_percent_mean",
                   "availability_percent_ci95", "throughput_per_second_mean", "throughput_per_second_ci95",
                   "seats_sold_per_second_mean", "seats_sold_per_second_ci95"]
        var lines = [header.map(csvField).joined(separator: ",")]
        for cell in result.cells {
            for r in cell.routes {
                var row = [String(cell.cell)] + cell.values
                row += [String(cell.seeds), String(cell.failedPoints), r.kind.rawValue, r.name,
                        num(r.p99Ms.mean), num(r.p99Ms.halfWidth95), num(r.availabilityPercent.mean), num(r.availabilityPercent.halfWidth95),
                        num(r.throughputPerSecond.mean), num(r.throughputPerSecond.halfWidth95),
                        num(cell.seatsSoldPerSecond.mean), num(cell.seatsSoldPerSecond.halfWidth95)]
                lines.append(row.map(csvField).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func num(_ x: Double, _ digits: Int = 3) -> String { BudgetFormat.number(x, fractionDigits: digits) }

    // MARK: Markdown

    /// A PR-comment-sized summary: the grid, one table per charted route, and the failing points.
    public static func markdown(_ result: SweepResult, routes requested: [String] = []) -> String {
        var out = "# Sweep: \(result.scenario.name)\n\n"
        out += "\(result.points.count) of \(result.pointCount) points"
        if let shard = result.shard { out += " (shard \(shard.index)/\(shard.count))" }
        out += "; seeds \(result.grid.seeds.map(String.init).joined(separator: ", "))\n\n"
        for p in result.grid.parameters { out += "- `\(p.path)`: \(p.values.joined(separator: ", "))\n" }
        for route in chartedRoutes(result, requested: requested) {
            out += "\n## \(route)\n\n" + routeTable(result, route: route)
        }
        let failing = result.points.filter { !$0.passed }
        out += "\n## Failing points\n\n"
        if failing.isEmpty { out += "None: every budget and invariant passed.\n" }
        for p in failing {
            let reasons = (p.failedInvariants + p.failedBudgets).joined(separator: "; ")
            out += "- point \(p.index) (\(coordinates(result.grid, p.values)), seed \(p.seed)): \(reasons) — `\(p.summaryPath)`\n"
        }
        return out
    }

    /// A Markdown table of one route's capacity curve: one row per grid cell (means ± 95 % CI).
    public static func routeTable(_ result: SweepResult, route: String) -> String {
        let paramHeader = result.grid.parameters.map { "`\($0.path)`" }
        var out = "| " + (paramHeader + ["seeds", "p99 (ms)", "availability (%)", "throughput (/s)", "seats sold (/s)", "failed points"]).joined(separator: " | ") + " |\n"
        out += "|" + String(repeating: "---|", count: paramHeader.count + 6) + "\n"
        for cell in result.cells {
            guard let r = cell.routes.first(where: { $0.name == route }) else { continue }
            out += "| " + (cell.values + [String(cell.seeds), pm(r.p99Ms, 1), pm(r.availabilityPercent, 3), pm(r.throughputPerSecond, 1),
                                         pm(cell.seatsSoldPerSecond, 2), String(cell.failedPoints)]).joined(separator: " | ") + " |\n"
        }
        return out
    }

    static func pm(_ e: SweepEstimate, _ digits: Int) -> String {
        e.halfWidth95 > 0 ? "\(num(e.mean, digits)) ± \(num(e.halfWidth95, digits))" : num(e.mean, digits)
    }

    static func coordinates(_ grid: SweepGrid, _ values: [String]) -> String {
        values.isEmpty ? "no parameters" : zip(grid.parameters, values).map { "\($0.path)=\($1)" }.joined(separator: ", ")
    }

    // MARK: HTML

    /// The x axis (the first parameter) and one series per combination of the other parameters.
    static func layout(_ result: SweepResult) -> (axis: SweepAxis, seriesNames: [String], place: (SweepCell) -> (series: Int, x: Int)) {
        let parameters = result.grid.parameters
        guard let first = parameters.first else {
            return (SweepAxis(parameter: SweepParameter(path: "(no swept parameter: seeds only)", values: ["all"])), ["all"], { _ in (0, 0) })
        }
        var names: [String] = []
        var placements: [Int: (Int, Int)] = [:]
        for cell in 0..<result.grid.cellCount {
            let values = result.grid.values(ofCell: cell)
            // Only parameters with more than one value tell the lines apart.
            let name = zip(parameters.dropFirst(), values.dropFirst()).filter { $0.0.values.count > 1 }
                .map { "\($0.path)=\($1)" }.joined(separator: " ")
            if !names.contains(name) { names.append(name) }
            placements[cell] = (names.firstIndex(of: name)!, first.values.firstIndex(of: values[0])!)
        }
        return (SweepAxis(parameter: first), names.map { $0.isEmpty ? "mean" : $0 }, { placements[$0.cell] ?? (0, 0) })
    }

    static func chart(_ result: SweepResult, title: String, unit: ChartUnit, yMinimum: Double? = nil, yMaximum: Double? = nil,
                      estimate: (SweepCell) -> SweepEstimate?) -> String {
        let (axis, names, place) = layout(result)
        var series = names.enumerated().map { i, name in
            CapacityChart.Series(name: name, color: SVG.palette[i % SVG.palette.count],
                                 points: [(x: Double, mean: Double, halfWidth: Double)?](repeating: nil, count: axis.positions.count))
        }
        for cell in result.cells {
            guard let e = estimate(cell), e.n > 0 else { continue }
            let (s, x) = place(cell)
            series[s].points[x] = (axis.positions[x], e.mean, e.halfWidth95)
        }
        return CapacityChart(title: title, unit: unit, axis: axis, series: series, yMinimum: yMinimum, yMaximum: yMaximum).svg()
    }

    /// One self-contained page (inline CSS and SVG, no network).
    public static func html(_ result: SweepResult, routes requested: [String] = []) -> String {
        func e(_ s: String) -> String { SVG.escape(s) }
        var body = "<header><h1>Sweep · \(e(result.scenario.name))</h1>"
        body += "<p class=\"meta\">\(result.points.count) of \(result.pointCount) points"
            + (result.shard.map { " (shard \($0.index)/\($0.count))" } ?? "")
            + " · seeds \(e(result.grid.seeds.map(String.init).joined(separator: ", "))) · scenario <code>\(e(result.scenario.file))</code></p>"
        for p in result.grid.parameters { body += "<p class=\"meta\"><code>\(e(p.path))</code>: \(e(p.values.joined(separator: ", ")))</p>" }
        body += "<p class=\"meta\">Points are means across seeds; bars are 95 % confidence intervals (Student t).</p></header>"
        body += "<section id=\"seats\"><h2>Seats sold</h2><div class=\"grid\" style=\"grid-template-columns: minmax(0, 640px)\">"
            + chart(result, title: "seats sold per second", unit: .perSecond) { $0.seatsSoldPerSecond } + "</div></section>"
        for route in chartedRoutes(result, requested: requested) {
            body += "<section class=\"route\"><h2>\(e(route))</h2><div class=\"grid\">"
            body += chart(result, title: "\(route) p99 latency", unit: .milliseconds) { c in c.routes.first { $0.name == route }?.p99Ms }
            body += chart(result, title: "\(route) availability", unit: .percent, yMinimum: 90, yMaximum: 100) { c in c.routes.first { $0.name == route }?.availabilityPercent }
            body += chart(result, title: "\(route) throughput", unit: .perSecond) { c in c.routes.first { $0.name == route }?.throughputPerSecond }
            body += "</div></section>"
        }
        body += "<section id=\"points\"><h2>Points</h2><div class=\"scroll\"><table><tr><th>#</th>"
            + result.grid.parameters.map { "<th>\(e($0.path))</th>" }.joined() + "<th>seed</th><th>verdict</th><th>summary</th></tr>"
        for p in result.points {
            let verdict = p.passed ? "<td class=\"ok\">pass</td>" : "<td class=\"bad\">\(e((p.failedInvariants + p.failedBudgets).joined(separator: "; ")))</td>"
            body += "<tr><td>\(p.index)</td>" + p.values.map { "<td>\(e($0))</td>" }.joined() + "<td>\(p.seed)</td>\(verdict)<td><code>\(e(p.summaryPath))</code></td></tr>"
        }
        body += "</table></div></section>"
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            + "<title>cinesim sweep · \(e(result.scenario.name))</title>\n<style>\n\(HTMLReport.css)</style>\n</head>\n<body>\n<main>\n"
            + body + "\n</main>\n</body>\n</html>\n"
    }
}
