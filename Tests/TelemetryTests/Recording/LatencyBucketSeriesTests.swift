import Testing
import Foundation
import SimulationPrimitives
@testable import Telemetry

/// Issue 6 (memory flat as the simulated duration grows): closed time buckets are packed, and
/// reading one back must give exactly the histogram that recording straight into a
/// ``CompactHistogram`` builds, so every percentile and pooled window is unchanged.
@Suite struct LatencyBucketSeriesTests {
    /// Random runs (60 seeds): bucket indices mostly advancing, some going back (re-opened packed
    /// buckets), latencies spanning 1 µs … 1 h on a log scale plus exact bin edges. Every bucket
    /// reads back equal to its directly recorded histogram, and so do pooled windows.
    @Test(arguments: 0..<60)
    func packedBucketsReadBackExactly(seed: Int) {
        var random = RandomStream(rootSeed: UInt64(seed), component: "latency-bucket-series")
        let bucketCount = 1 + random.nextInt(below: 40)
        var series = LatencyBucketSeries(bucketCount: bucketCount)
        var direct = Array(repeating: CompactHistogram(), count: bucketCount)
        var bucket = 0
        for _ in 0..<(1 + random.nextInt(below: 3_000)) {
            let move = random.nextDouble()
            if move < 0.02 { bucket = random.nextInt(below: bucketCount) }          // out of order
            else if move < 0.10 { bucket = min(bucketCount - 1, bucket + 1 + random.nextInt(below: 3)) }
            let value: UInt64 = random.nextBool(probability: 0.1)
                ? UInt64(1) << UInt64(random.nextInt(below: 40))                       // an octave edge
                : UInt64(exp(random.nextDouble() * log(3_600_000_000.0)))              // 1 µs … 1 h
            series.record(microseconds: value, bucket: bucket)
            direct[bucket].record(microseconds: value)
        }
        for b in 0..<bucketCount {
            let read = series.histogram(bucket: b)
            if direct[b].count == 0 { #expect(read == nil) } else { #expect(read == direct[b]) }
        }
        let from = random.nextInt(below: bucketCount)
        let to = from + random.nextInt(below: bucketCount - from) + 1
        var pooledSeries = CompactHistogram(), pooledDirect = CompactHistogram()
        for b in from..<to {
            if let h = series.histogram(bucket: b) { pooledSeries.add(h) }
            pooledDirect.add(direct[b])
        }
        for p in [50.0, 90, 95, 99, 99.9] {
            #expect(pooledSeries.value(atPercentile: p) == pooledDirect.value(atPercentile: p))
        }
    }

    /// A bucket holding 1,000 latencies spread over 1 ms … 4 s (the reference run's range) packs
    /// into a few bytes per non-empty bin: at most 3 bytes each (gap < 128 → 1 byte; count < 16,384
    /// → ≤ 2 bytes) plus the 4-byte header, against 4 bytes per bin of the dense range.
    @Test func packedBucketSizeIsBoundedByNonEmptyBins() {
        var series = LatencyBucketSeries(bucketCount: 2)
        var direct = CompactHistogram()
        var random = RandomStream(rootSeed: 11, component: "size")
        for _ in 0..<1_000 {
            let value = UInt64(exp(log(1_000.0) + random.nextDouble() * (log(4_000_000.0) - log(1_000.0))))
            series.record(microseconds: value, bucket: 0)
            direct.record(microseconds: value)
        }
        series.record(microseconds: 5, bucket: 1)   // leaving bucket 0 packs it
        let nonEmpty = direct.bins.filter { $0 > 0 }.count
        #expect(series.packedByteCount <= 4 + 3 * nonEmpty)
        #expect(series.packedByteCount < 4 * direct.bins.count / 2)
        #expect(series.histogram(bucket: 0) == direct)
    }

    /// Buckets closed in order (the platform's case) lie back to back in one arena with no unused
    /// byte; a re-opened bucket is packed again at the end and reads back merged.
    @Test func packedBucketsShareOneArena() {
        var series = LatencyBucketSeries(bucketCount: 4)
        var direct = Array(repeating: CompactHistogram(), count: 4)
        for bucket in 0..<3 {
            for v in [UInt64(100), 2_000, 2_100, 40_000] { series.record(microseconds: v * UInt64(bucket + 1), bucket: bucket); direct[bucket].record(microseconds: v * UInt64(bucket + 1)) }
        }
        series.record(microseconds: 7, bucket: 3); direct[3].record(microseconds: 7)
        #expect(series.storedByteCount == series.packedByteCount)
        let before = series.storedByteCount
        series.record(microseconds: 900_000, bucket: 1); direct[1].record(microseconds: 900_000)   // re-opens bucket 1
        series.record(microseconds: 8, bucket: 3); direct[3].record(microseconds: 8)               // packs it again
        #expect(series.storedByteCount > before && series.storedByteCount > series.packedByteCount)
        for b in 0..<4 { #expect(series.histogram(bucket: b) == direct[b]) }
    }

    /// LEB128 round trip at the varint boundaries.
    @Test(arguments: [0, 1, 127, 128, 16_383, 16_384, UInt64(UInt32.max), UInt64.max] as [UInt64])
    func varintRoundTrip(value: UInt64) {
        var bytes: [UInt8] = []
        LatencyBucketSeries.appendVarint(value, to: &bytes)
        var position = 0
        #expect(LatencyBucketSeries.readVarint(bytes, &position) == value)
        #expect(position == bytes.count)
        #expect(bytes.count == max(1, (64 - value.leadingZeroBitCount + 6) / 7))
    }
}
