import Testing
import SimulationPrimitives
@testable import Telemetry

/// Per-bucket value series set through a kept handle equal those set by key (the Turbine view
/// keeps handles instead of building and hashing a key per value).
@Suite struct BucketSeriesHandleTests {
    @Test func handlesAndKeysGiveTheSameSeries() {
        var byKey = RunRecorder(bucket: .seconds(1), duration: .seconds(3), warmup: .zero)
        var byHandle = RunRecorder(bucket: .seconds(1), duration: .seconds(3), warmup: .zero)
        let end = { (second: Int64) in SimTime.zero + .seconds(second) - .nanoseconds(1) }
        byKey.recordBucketValue(.turbineRequestCount, subject: "b-command", at: end(1), value: 10)
        byKey.recordBucketValue(.turbineRequestCount, subject: "a-command", at: end(1), value: 7)
        byKey.recordBucketValue(.turbineRequestCount, subject: "b-command", at: end(3), value: 12)
        // Past the run's end: clamped into the last bucket.
        byKey.recordBucketValue(.turbineOpenHosts, subject: "a-command", at: end(9), value: 2)

        let b = byHandle.bucketSeries(.turbineRequestCount, subject: "b-command")
        let a = byHandle.bucketSeries(.turbineRequestCount, subject: "a-command")
        #expect(byHandle.bucketSeries(.turbineRequestCount, subject: "b-command") == b)   // same series again
        byHandle.setBucketValue(b, at: end(1), value: 10)
        byHandle.setBucketValue(a, at: end(1), value: 7)
        byHandle.setBucketValue(b, at: end(3), value: 12)
        byHandle.setBucketValue(byHandle.bucketSeries(.turbineOpenHosts, subject: "a-command"), at: end(9), value: 2)

        #expect(byHandle.timeSeries() == byKey.timeSeries())
        let ts = byHandle.timeSeries()
        #expect(ts.values(.turbineRequestCount, "b-command") == [10, 0, 12])
        #expect(ts.values(.turbineRequestCount, "a-command") == [7, 0, 0])
        #expect(ts.values(.turbineOpenHosts, "a-command") == [0, 0, 2])
    }
}
