import SimulationPrimitives
import Scenarios
import Telemetry
import CinemaDomain

extension PlatformSimulation {
    /// Builds the run's artifacts from the recorder and counters at the end of the run (the
    /// scenario's end, or the abort time when an `abortOnFail` budget stopped it: then the
    /// window, throughput, seat rate and time series cover `[0, abort time)` and
    /// `summary.aborted` says when and why).
    func makeArtifacts(wallSeconds: Double) -> RunArtifacts {
        let now = stopTime
        let covered = SimDuration(nanoseconds: now.nanosecondsSinceStart)
        recordTurbineView(at: now)
        recorder.closeBucket(at: now, seatsOffered: seatsOffered, seatsSold: counters.seatsSold)
        let window = RunWindow(durationSeconds: covered.seconds, warmupSeconds: scenario.warmup.seconds, bucketSeconds: scenario.bucket.seconds)
        let context = runContext
        let replay = ReplayRecipe(cinesimVersion: context.cinesimVersion, commit: context.commit, seed: scenario.seed,
                                  overrides: context.overrides, command: context.command)
        let identity = ScenarioIdentity(name: scenario.name, description: scenario.description, file: context.scenarioFile, fileHash: scenario.fileHash)
        let measuredSeconds = (covered - scenario.warmup).seconds
        storeCountLostWrites()
        // The domain's sale invariants over the whole store at the end (issue 4; case F16).
        let report = documentStore.checkInvariants(quiescent: false, now: now)
        saleReport = report
        counters.oversold = report.oversold
        counters.seatsHeld = report.seatsHeld
        let seats = SeatSummary(offered: report.seatsOffered, held: report.seatsHeld, sold: report.seatsSold, oversold: report.oversold,
                                soldPerSecond: measuredSeconds > 0 ? Double(counters.seatsSold - counters.seatsSoldAtWarmupEnd) / measuredSeconds : 0)
        let faults = scenario.faults.filter { abort == nil || $0.at < covered }.map { fault in
            // A partition names both sides (`zone-a ↔ zone-c`, or `→` when only one way is cut).
            let target = fault.parameters.peer.isEmpty ? fault.target : fault.target + (fault.parameters.oneWay ? " → " : " ↔ ") + fault.parameters.peer
            // A fault still active when the run stops (a shortened `--duration`, an abort) keeps
            // its scheduled end, past the run's: the reports say it was cut, and a recovery
            // budget sees a fault still active at the end (never a made-up heal at the stop time).
            return FaultWindow(kind: fault.kind.rawValue, target: target, startSeconds: fault.at.seconds,
                        endSeconds: fault.duration.map { (fault.at + $0).seconds })
        }.sorted { ($0.startSeconds, $0.kind, $0.target) < ($1.startSeconds, $1.kind, $1.target) }
        let warnings = scenario.warnings
        let engine = EngineStats(wallSeconds: wallSeconds, events: events, eventsPerSecond: wallSeconds > 0 ? Double(events) / wallSeconds : 0,
                                 simulatedRequestsPerSecond: wallSeconds > 0 ? Double(clientRequestsCompleted) / wallSeconds : 0,
                                 simulatedToRealRatio: wallSeconds > 0 ? covered.seconds / wallSeconds : 0)
        // Route summaries walk every latency histogram (HdrHistogram mean and percentiles, costly):
        // computed once and shared with the platform metrics.
        let routeSummaries = recorder.routeSummaries(until: now)
        var summary = RunSummary(scenario: identity, replay: replay, window: window, routes: routeSummaries,
                                 components: recorder.componentSummaries(until: now), seats: seats, invariants: invariantResults(),
                                 budgets: [], breakerTransitions: recorder.breakerTransitions, faults: faults,
                                 platformMetrics: platformMetrics(routeSummaries: routeSummaries), warnings: warnings, engine: engine)
        // Replica-set elections, step-downs and rollbacks on the same timeline as breaker transitions.
        summary.breakerTransitions = (summary.breakerTransitions + store.timeline).sorted { $0.atSeconds < $1.atSeconds }
        var timeSeries = recorder.timeSeries()
        if abort != nil { timeSeries = truncated(timeSeries, to: covered) }
        summary.aborted = abort
        summary.platformMetrics = (summary.platformMetrics + mechanismMetrics(summary: summary, timeSeries: timeSeries)).sorted { $0.name < $1.name }
        // Budgets: Telemetry's evaluator over this run's summary and time series, windowed
        // percentiles pooled from the recorder's per-bucket histograms.
        let budgets = scenario.budgets.flatMap(\.budgets)
        if !budgets.isEmpty {
            let source = RecorderMetricSource(recorder: recorder, summary: SummaryMetricSource(summary: summary, timeSeries: timeSeries))
            summary.budgets = BudgetEvaluator(budgets: budgets).evaluate(source)
            // The budget that stopped the run stays failed in the final verdicts.
            if let abort, let i = summary.budgets.firstIndex(where: { $0.label == abort.budget.label }), !summary.budgets[i].failed {
                summary.budgets[i] = abort.budget
            }
        }
        // Budgets the loader skipped (recovery of faults a shortened run leaves out) are verdicts
        // too, so every caller (run, check, explore, sweeps) shows them as skipped.
        summary.budgets += scenario.skippedBudgets
        let edges = topologyEdges()
        let sampled = observabilityOutput()
        return RunArtifacts(summary: summary, timeSeries: timeSeries, logEvents: sampled.logs, traceSpans: sampled.spans, topologyEdges: edges)
    }

    /// DESIGN §2 invariants, each with the observed value.
    func invariantResults() -> [InvariantResult] {
        let inFlight = requests.live
        let ended = counters.clientRequestsEnded
        let started = counters.clientRequestsStarted
        let violations = saleReport?.violations ?? []
        let limit = (resilience.ribbon.maxAutoRetries + 1) * (resilience.ribbon.maxAutoRetriesNextServer + 1)
        return [
            InvariantResult(name: "every-request-one-outcome", passed: started == ended + inFlight,
                            detail: "\(started) started = \(ended) ended + \(inFlight) in flight at the end"),
            InvariantResult(name: "no-seat-sold-twice", passed: counters.oversold == 0 && !violations.contains { $0.kind == .seatConfirmedTwice },
                            detail: "\(counters.oversold) seats confirmed twice"),
            InvariantResult(name: "sale-records-consistent", passed: violations.isEmpty,
                            detail: violations.isEmpty ? "0 violations" : "\(violations.count) violations, first: \(violations[0])"),
            InvariantResult(name: "no-lost-majority-writes", passed: store.lostMajorityAcknowledged == 0,
                            detail: "\(store.lostMajorityAcknowledged) majority-acknowledged purchase writes lost; \(counters.lostAcknowledgedWrites) acknowledged writes lost in all, of \(store.acknowledged.count) acknowledged"),
            InvariantResult(name: "no-unauthorised-request-reaches-a-service", passed: counters.unauthorisedReachingServices == 0,
                            detail: "\(counters.unauthorisedReachingServices) requests without a valid token reached a service"),
            InvariantResult(name: "retry-budgets-honoured", passed: counters.retryBudgetViolations == 0,
                            detail: "\(counters.retryBudgetViolations) calls over \(limit) attempts"),
            // Offered at the end of the run (showtimes scheduled during the run add seats), the same
            // figure as the summary's `seats.offered`.
            soldAtMostOffered(violations: violations),
        ].sorted { $0.name < $1.name }
    }

    /// `sold-at-most-offered`: the seat inventories' sold count within the seats offered, and no
    /// showtime whose confirmed purchases hold more seats than its auditorium has (a seat confirmed
    /// to two purchases still counts once in the inventory, so the second check is the one that
    /// catches an oversold last seat, case F16). The detail names whichever part failed.
    private func soldAtMostOffered(violations: [InvariantViolation]) -> InvariantResult {
        let sold = saleReport?.seatsSold ?? 0, offered = saleReport?.seatsOffered ?? seatsOffered
        let overCapacity = violations.filter { $0.kind == .soldExceedsCapacity }
        var detail = "\(sold) sold of \(offered) offered"
        if let first = overCapacity.first {
            detail += "; confirmed purchases exceed the auditorium's capacity in \(overCapacity.count) showtime"
                + (overCapacity.count == 1 ? "" : "s") + " (first: showtime \(first.showtime))"
        }
        return InvariantResult(name: "sold-at-most-offered", passed: sold <= offered && overCapacity.isEmpty, detail: detail)
    }

    /// Platform-level metrics; `routeSummaries` is the run's ``RunRecorder/routeSummaries()`` (passed in, not recomputed).
    func platformMetrics(routeSummaries: [RouteSummary]) -> [PlatformMetric] {
        var metrics = [
            PlatformMetric(name: "oversold", value: Double(counters.oversold)),
            PlatformMetric(name: "seats_sold", value: Double(counters.seatsSold)),
            PlatformMetric(name: "seats_held", value: Double(counters.seatsHeld)),
            PlatformMetric(name: "unauthorized_reaching_services", value: Double(counters.unauthorisedReachingServices)),
            PlatformMetric(name: "requests_to_dead_instances", value: Double(counters.requestsToDeadInstances)),
            PlatformMetric(name: "false_timeouts", value: Double(counters.falseTimeouts)),
            PlatformMetric(name: "lost_acknowledged_writes", value: Double(counters.lostAcknowledgedWrites)),
            PlatformMetric(name: "retry_budget_violations", value: Double(counters.retryBudgetViolations)),
            PlatformMetric(name: "log_events_dropped", value: Double(counters.logEventsDropped)),
            PlatformMetric(name: "background_calls", value: Double(counters.backgroundCalls)),
            PlatformMetric(name: "attacker_requests", value: Double(counters.attackerRequests)),
            PlatformMetric(name: "peak_calls_in_flight", value: Double(calls.highWater)),
            PlatformMetric(name: "attempts_after_deadline", value: Double(counters.attemptsAfterDeadline)),
        ]
        let routes = routeSummaries.filter { $0.kind == .route }
        let total = routes.reduce(0) { $0 + $1.count }
        let available = routes.reduce(0) { $0 + $1.outcomes.success + $1.outcomes.degraded }
        let shed = routes.reduce(0) { $0 + $1.outcomes.shed }
        metrics.append(PlatformMetric(name: "availability", value: total > 0 ? Double(available) * 100 / Double(total) : 100))
        metrics.append(PlatformMetric(name: "shed", value: Double(shed)))
        metrics.append(contentsOf: storeMetrics())
        metrics.append(contentsOf: authMetrics())
        metrics.append(contentsOf: shardLoadMetrics())
        metrics.append(contentsOf: purchaseLedgerMetrics())
        metrics.append(contentsOf: replicaSetMetrics())
        return metrics.sorted { $0.name < $1.name }
    }

    func topologyEdges() -> [TopologyEdge] {
        var edges: [TopologyEdge] = [TopologyEdge(from: "clients", to: "edge"), TopologyEdge(from: "edge", to: "frontend"),
                                     TopologyEdge(from: "edge", to: "gateway"), TopologyEdge(from: "gateway", to: "oauth"),
                                     TopologyEdge(from: "mongos", to: "shards")]
        for route in routeTable.routes where route.isClientFacing && route.owner >= 0 {
            let owner = components[Int(route.owner)]
            if owner.kind == .service { edges.append(TopologyEdge(from: "gateway", to: owner.name)) }
        }
        for service in serviceComponents where components[Int(service)].name.hasSuffix("-command") {
            edges.append(TopologyEdge(from: components[Int(service)].name, to: "mongos"))
        }
        edges.append(TopologyEdge(from: "compra-command", to: "payment"))
        edges.append(TopologyEdge(from: "cliente-command", to: "facebook"))
        edges.append(TopologyEdge(from: "cliente-command", to: "twitter"))
        edges.append(TopologyEdge(from: "oauth", to: "usuario-query"))
        var unique: [TopologyEdge] = []
        for edge in edges.sorted() where unique.last != edge { unique.append(edge) }
        return unique
    }
}
