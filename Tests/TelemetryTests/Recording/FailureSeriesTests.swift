import Testing
import SimulationPrimitives
@testable import Telemetry

/// `failures_*` time series (one per failing outcome a route saw), which the reports' "During the
/// faults" section reads.
@Suite struct FailureSeriesTests {
    @Test func failuresAreCountedPerOutcomeAndBucket() {
        var recorder = RunRecorder(bucket: .seconds(1), duration: .seconds(4), warmup: .zero)
        let route = recorder.addRoute(kind: .route, name: "POST /api/compras")
        let quiet = recorder.addRoute(kind: .route, name: "GET /api/cines")
        func record(_ r: Int, _ outcome: RequestOutcome, atMilliseconds ms: Int64) {
            let end = SimTime.zero + .milliseconds(ms)
            recorder.recordRequest(route: r, outcome: outcome, intendedStart: end - .milliseconds(5), actualStart: end - .milliseconds(5), end: end, retries: 0)
        }
        // Bucket 0: 2 × 5xx and a success; bucket 2: a timeout, a shed and a 5xx; quiet route: successes only.
        record(route, .serverError5xx, atMilliseconds: 100)
        record(route, .serverError5xx, atMilliseconds: 200)
        record(route, .success, atMilliseconds: 300)
        record(route, .clientTimeout, atMilliseconds: 2_100)
        record(route, .shed, atMilliseconds: 2_200)
        record(route, .serverError5xx, atMilliseconds: 2_900)
        record(quiet, .success, atMilliseconds: 1_500)
        let ts = recorder.timeSeries()
        #expect(ts.values(.failures5xx, "POST /api/compras") == [2, 0, 1, 0])
        #expect(ts.values(.failuresClientTimeout, "POST /api/compras") == [0, 0, 1, 0])
        #expect(ts.values(.failuresShed, "POST /api/compras") == [0, 0, 1, 0])
        #expect(ts.values(.failures4xx, "POST /api/compras") == nil)     // never seen: no series
        #expect(ts.values(.failures5xx, "GET /api/cines") == nil)
        // The per-outcome counts add up to the error share: bucket 0 2 of 3, bucket 2 3 of 3.
        #expect(ts.values(.errorPercent, "POST /api/compras")?[0] == 200.0 / 3)
        #expect(ts.values(.errorPercent, "POST /api/compras")?[2] == 100)
        #expect(RunTimeSeries.Metric.failureMetrics.map(\.rawValue) == ["failures_client_timeout", "failures_4xx", "failures_5xx", "failures_shed"])
    }
}
