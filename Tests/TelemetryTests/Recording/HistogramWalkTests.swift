import Testing
import Foundation
import Histogram
import SimulationPrimitives
@testable import Telemetry

/// The one-pass summary walk must give exactly what hdrhistogram-swift's `valueAtPercentile` and
/// `mean` give (the run summary stays byte-identical), plus closed forms on small exact values.
@Suite struct HistogramWalkTests {
    static func histogram() -> Histogram<UInt64> {
        Histogram(lowestDiscernibleValue: 1, highestTrackableValue: RouteRecorder.highestMicroseconds, numberOfSignificantValueDigits: .three)
    }

    @Test func exactValuesGiveClosedFormPercentilesAndMean() {
        // 1…100 µs once each: below 2 048 every value has its own bucket (3 significant digits).
        var h = Self.histogram()
        for value in 1...100 { _ = h.record(UInt64(value)) }
        let walk = HistogramWalk.summarise(h)
        #expect(walk.values == [50, 90, 95, 99, 100])
        #expect(walk.mean == 50.5)
    }

    @Test(arguments: [1, 7, 1_000, 20_000])
    func matchesTheLibraryOnSpreadOutLatencies(count: Int) {
        var h = Self.histogram()
        var rng = RandomStream(rootSeed: UInt64(count), component: "histogram-walk")
        for _ in 0..<count {
            // Log-uniform from 1 µs to ~1 h, so values land in many buckets of every magnitude.
            let micros = UInt64(exp(rng.nextDouble() * log(3.6e9))).clamped(1, RouteRecorder.highestMicroseconds)
            _ = h.record(micros)
        }
        let walk = HistogramWalk.summarise(h)
        #expect(walk.values == HistogramWalk.percentiles.map { h.valueAtPercentile($0) })
        #expect(walk.mean.bitPattern == h.mean.bitPattern)
    }

    @Test func routeSummaryLatencyUsesTheLibrarysDefinitions() {
        var route = RouteRecorder(kind: .route, name: "GET /api/funciones", bucketCount: 1)
        var h = Self.histogram()
        for ms in [3, 3, 8, 40, 41, 250, 1_200] {
            route.record(outcome: .success, fromIntended: .milliseconds(Int64(ms)), fromActual: .milliseconds(Int64(ms)), retries: 0, bucket: 0, measured: true)
            _ = h.record(UInt64(ms) * 1000)
        }
        let latency = route.summary(windowSeconds: 1).latency
        #expect(latency.p50Ms == Double(h.valueAtPercentile(50)) / 1000)
        #expect(latency.p999Ms == Double(h.valueAtPercentile(99.9)) / 1000)
        #expect(latency.maxMs == Double(h.max) / 1000)
        #expect(latency.meanMs == h.mean / 1000)
    }
}

private extension UInt64 {
    func clamped(_ low: UInt64, _ high: UInt64) -> UInt64 { Swift.min(Swift.max(self, low), high) }
}
