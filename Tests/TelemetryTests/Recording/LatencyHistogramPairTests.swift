import Testing
import Foundation
import Histogram
import SimulationPrimitives
@testable import Telemetry

/// The route's whole-run histogram pair must give exactly what two hdrhistogram-swift histograms
/// (1 µs … 1 h, three significant digits) give — layout, extremes, percentiles, mean — so the run
/// summary and live latency budgets stay byte-identical.
@Suite struct LatencyHistogramPairTests {
    static func library() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: RouteRecorder.highestMicroseconds, numberOfSignificantValueDigits: .three)
    }

    @Test func everyIndexHasTheLibrarysRange() {
        let h = Self.library()
        var previousEnd: UInt64 = 0
        for i in 0..<LatencyHistogramPair.indexCount {
            let (lowest, size) = LatencyHistogramPair.range(ofIndex: i)
            // The ranges tile the values without gaps (after index 0, which holds 0 alone).
            #expect(lowest == previousEnd)
            previousEnd = lowest + size
            guard lowest <= RouteRecorder.highestMicroseconds else { continue }
            #expect(h.lowestEquivalentForValue(lowest) == lowest)
            #expect(h.sizeOfEquivalentRangeForValue(lowest) == size)
            #expect(h.highestEquivalentForValue(lowest) == lowest + size - 1)
            #expect(LatencyHistogramPair.index(of: lowest) == i)
            #expect(LatencyHistogramPair.index(of: Swift.min(lowest + size - 1, RouteRecorder.highestMicroseconds)) == i)
        }
        // The top of the range fits: 3.6e9 µs is in bucket 21.
        #expect(LatencyHistogramPair.index(of: RouteRecorder.highestMicroseconds) < LatencyHistogramPair.indexCount)
    }

    @Test func closedFormsOnExactValues() {
        // 1…100 µs once each, equal in both series: unit resolution below 2 048.
        var pair = LatencyHistogramPair()
        for value in 1...100 { pair.record(intended: UInt64(value), actual: UInt64(value)) }
        #expect(pair.value(atPercentile: 50, .fromIntended) == 50)
        #expect(pair.value(atPercentile: 99.9, .fromActual) == 100)
        #expect(pair.mean(.fromIntended) == 50.5)
        #expect(pair.min(.fromActual) == 1)
        #expect(pair.max(.fromIntended) == 100)
        // 10 000 µs lies in bucket 3 (8 192…16 383, steps of 8): its range is 10 000…10 007.
        var big = LatencyHistogramPair()
        big.record(intended: 10_000, actual: 3)
        #expect(big.max(.fromIntended) == 10_007)
        #expect(big.maxRecorded(.fromIntended) == 10_000)
        #expect(big.value(atPercentile: 50, .fromIntended) == 10_000)   // clamped to the max recorded
        #expect(big.mean(.fromIntended) == 10_004)
        #expect(big.max(.fromActual) == 3)
    }

    @Test(arguments: [0, 1, 7, 1_000, 20_000])
    func matchesTwoLibraryHistograms(count: Int) {
        var intended = Self.library(), actual = Self.library()
        var pair = LatencyHistogramPair()
        var rng = RandomStream(rootSeed: UInt64(count), component: "latency-pair")
        for _ in 0..<count {
            // Log-uniform from 1 µs to ~1 h; a third of the requests were retried by the client
            // (actual send later, so a shorter latency from it).
            let a = UInt64(exp(rng.nextDouble() * log(3.6e9))).clamped(1, RouteRecorder.highestMicroseconds)
            let b = rng.nextBool(probability: 1.0 / 3) ? Swift.max(1, a / UInt64(2 + rng.nextInt(below: 50))) : a
            _ = intended.record(a)
            _ = actual.record(b)
            pair.record(intended: a, actual: b)
        }
        for (h, series) in [(intended, LatencyHistogramPair.Series.fromIntended), (actual, .fromActual)] {
            #expect(pair.totalCount(series) == h.totalCount)
            #expect(pair.min(series) == h.min)
            #expect(pair.max(series) == h.max)
            #expect(pair.maxRecorded(series) == h.maxRecorded)
            #expect(pair.mean(series).bitPattern == h.mean.bitPattern)
            for p in [0.0, 0.5, 1, 37.3, 50, 90, 95, 99, 99.9, 99.99, 100] {
                #expect(pair.value(atPercentile: p, series) == h.valueAtPercentile(p), "p\(p) of \(series) over \(count)")
            }
            guard h.totalCount > 0 else { continue }
            // The run summary's one-pass walk equals the library walk it replaced.
            let walk = pair.summarise(series, ranks: HistogramWalk.percentiles.map { LatencyHistogramPair.rank($0, total: h.totalCount) })
            let oracle = HistogramWalk.summarise(h)
            #expect(walk.values == oracle.values)
            #expect(walk.mean.bitPattern == oracle.mean.bitPattern)
        }
    }

    @Test func routeSummaryAndTheActualSendSeries() {
        var route = RouteRecorder(kind: .route, name: "POST /api/compras", bucketCount: 1)
        var intended = Self.library(), actual = Self.library()
        for (i, ms) in [3, 3, 8, 40, 41, 250, 1_200, 4_000_000].enumerated() {
            let retried = i % 3 == 2
            route.record(outcome: .success, fromIntended: .milliseconds(Int64(ms)), fromActual: .milliseconds(Int64(retried ? ms / 2 : ms)),
                         retries: retried ? 1 : 0, bucket: 0, measured: true)
            _ = intended.record(Swift.min(UInt64(ms) * 1000, RouteRecorder.highestMicroseconds))
            _ = actual.record(Swift.min(UInt64(retried ? ms / 2 : ms) * 1000, RouteRecorder.highestMicroseconds))
        }
        let summary = route.summary(windowSeconds: 1)
        #expect(summary.latency.p50Ms == Double(intended.valueAtPercentile(50)) / 1000)
        #expect(summary.latency.maxMs == Double(intended.max) / 1000)   // 4 000 s clamped to the hour
        #expect(summary.latencyFromActualSend.p99Ms == Double(actual.valueAtPercentile(99)) / 1000)
        #expect(summary.latencyFromActualSend.meanMs == actual.mean / 1000)
        // A route without measured requests keeps no counts.
        var idle = RouteRecorder(kind: .route, name: "GET /api/salas", bucketCount: 1)
        idle.record(outcome: .success, fromIntended: .milliseconds(5), fromActual: .milliseconds(5), retries: 0, bucket: 0, measured: false)
        #expect(idle.wholeRun.counts.isEmpty)
        #expect(idle.summary(windowSeconds: 1).latency == .empty)
    }
}

private extension UInt64 {
    func clamped(_ low: UInt64, _ high: UInt64) -> UInt64 { Swift.min(Swift.max(self, low), high) }
}
