/// The per-time-bucket latency distributions of one route: the bucket being filled is a dense
/// ``CompactHistogram``-layout array; closed buckets are packed into a few bytes each.
///
/// Why: one dense compact histogram per (route, bucket) held ~1.5 KB (the bins between the lowest
/// and highest latency seen), so the reference run's per-route series grew ~1.4 MB per simulated
/// minute (docs/performance.md "Memory"). Packed, a closed bucket keeps only its non-empty bins as
/// LEB128 varints: `firstBin`, then per non-empty bin the gap to the previous one and its count —
/// usually 2 bytes per non-empty bin. Reading a bucket unpacks it into the same
/// ``CompactHistogram`` that recording it directly would have built (same `firstBin`, bins and
/// count; tested), so percentiles and pooled windows are unchanged to the bit.
///
/// The packed buckets lie back to back in one byte array, found by their start and length: as one
/// `[UInt8]` each, a bucket of ~50 bytes cost ~100 (array header, malloc rounding and the
/// worst-case capacity the packer reserved), 10.6 MB of the reference run at 30 simulated
/// minutes (docs/performance.md "Round 8 — memory").
///
/// Requests are recorded in the bucket of their end time, which only moves forward in a run, so
/// the open bucket is almost always the latest one; a sample for an older bucket (allowed, never
/// produced by the platform) unpacks, adds and repacks that bucket at the end of the bytes (its
/// old bytes stay unused).
struct LatencyBucketSeries {
    let bucketCount: Int
    /// Closed buckets' packed bytes, back to back.
    private var packedBytes: [UInt8] = []
    /// Per bucket: where its packed bytes start in ``packedBytes`` and how many there are (0: no
    /// sample, or the bucket is open). A packed bucket is at most ~9 KB (1,280 bins), so 16 bits hold it.
    private var packedStart: [UInt32]
    private var packedLength: [UInt16]
    /// Bin counts of the open bucket over the whole bin range (CompactHistogram.binCount).
    private var open: [UInt32]
    private var openBucket = -1
    private var openLow = Int.max
    private var openHigh = -1
    private var openCount: UInt64 = 0

    init(bucketCount: Int) {
        self.bucketCount = bucketCount
        packedStart = Array(repeating: 0, count: bucketCount)
        packedLength = Array(repeating: 0, count: bucketCount)
        open = []
    }

    /// Records one latency (µs) in `bucket` (0 ..< bucketCount).
    ///
    /// Inlined into the route's `record` (about two records per client request in the reference run): the
    /// rare work (a new bucket, the first sample) stays in ``switchOpenBucket(to:)``.
    @inline(__always) mutating func record(microseconds value: UInt64, bucket: Int) {
        if bucket != openBucket { switchOpenBucket(to: bucket) }
        let index = CompactHistogram.bin(forMicroseconds: value)
        open[index] &+= 1
        if index < openLow { openLow = index }
        if index > openHigh { openHigh = index }
        openCount += 1
    }

    /// The distribution of `bucket`, or nil when it has no sample.
    func histogram(bucket: Int) -> CompactHistogram? {
        if bucket == openBucket && openCount > 0 {
            return CompactHistogram(firstBin: openLow, bins: Array(open[openLow...openHigh]), count: openCount)
        }
        guard bucket >= 0 && bucket < bucketCount, packedLength[bucket] > 0 else { return nil }
        return Self.unpack(packedSlice(of: bucket))
    }

    /// Bytes held by the packed buckets (for the memory tests and docs).
    var packedByteCount: Int { packedLength.reduce(0) { $0 + Int($1) } }
    /// Bytes of the packed arena, unused ones (left by re-opened buckets) included.
    var storedByteCount: Int { packedBytes.count }

    /// Bucket `bucket`'s packed bytes (empty when it has none).
    private func packedSlice(of bucket: Int) -> ArraySlice<UInt8> {
        let start = Int(packedStart[bucket])
        return packedBytes[start ..< start + Int(packedLength[bucket])]
    }

    /// Stores `bytes` as bucket `bucket`'s packed form, at the end of ``packedBytes``.
    private mutating func storePacked(_ bytes: [UInt8], bucket: Int) {
        precondition(bytes.count <= Int(UInt16.max) && packedBytes.count + bytes.count <= Int(UInt32.max),
                     "LatencyBucketSeries: packed bucket out of range")
        packedStart[bucket] = UInt32(packedBytes.count)
        packedLength[bucket] = UInt16(bytes.count)
        packedBytes.append(contentsOf: bytes)
    }

    @inline(never) private mutating func switchOpenBucket(to bucket: Int) {
        if openCount > 0 {
            // Merge with whatever an earlier visit packed (only when samples arrive out of order).
            if packedLength[openBucket] == 0 {
                // The common case: packed straight onto the end of the bytes.
                packedStart[openBucket] = UInt32(packedBytes.count)
                Self.pack(open, low: openLow, high: openHigh, to: &packedBytes)
                let length = packedBytes.count - Int(packedStart[openBucket])
                precondition(length <= Int(UInt16.max) && packedBytes.count <= Int(UInt32.max), "LatencyBucketSeries: packed bucket out of range")
                packedLength[openBucket] = UInt16(length)
            } else {
                var merged = Self.unpack(packedSlice(of: openBucket))
                merged.add(CompactHistogram(firstBin: openLow, bins: Array(open[openLow...openHigh]), count: openCount))
                storePacked(Self.pack(merged), bucket: openBucket)
            }
            for i in openLow...openHigh { open[i] = 0 }
        }
        openBucket = bucket
        openLow = .max; openHigh = -1; openCount = 0
        // The dense bins exist from the first bucket opened on (`record` writes them unchecked for emptiness).
        if open.isEmpty { open = Array(repeating: 0, count: CompactHistogram.binCount) }
        if packedLength[bucket] > 0 {
            // Re-open a packed bucket: move its bins back into the dense array (its packed bytes
            // are left unused; it is packed again at the end when closed).
            let histogram = Self.unpack(packedSlice(of: bucket))
            packedLength[bucket] = 0
            for (offset, n) in histogram.bins.enumerated() { open[histogram.firstBin + offset] = n }
            openLow = histogram.firstBin
            openHigh = histogram.firstBin + histogram.bins.count - 1
            openCount = histogram.count
        }
    }

    // MARK: - Packing (LEB128 varints)

    static func pack(_ histogram: CompactHistogram) -> [UInt8] {
        var dense = Array(repeating: UInt32(0), count: CompactHistogram.binCount)
        for (offset, n) in histogram.bins.enumerated() { dense[histogram.firstBin + offset] = n }
        return pack(dense, low: histogram.firstBin, high: histogram.firstBin + histogram.bins.count - 1)
    }

    /// Packs bins `low...high` of `dense`: varint(low), varint(high - low), then for each
    /// non-empty bin varint(gap from the previous non-empty bin, or from `low`), varint(count).
    /// `low` and `high` are kept even when empty at the ends so unpacking restores the exact range.
    static func pack(_ dense: [UInt32], low: Int, high: Int) -> [UInt8] {
        var out: [UInt8] = []
        pack(dense, low: low, high: high, to: &out)
        return out
    }

    /// ``pack(_:low:high:)`` appended to `out`.
    static func pack(_ dense: [UInt32], low: Int, high: Int, to out: inout [UInt8]) {
        appendVarint(UInt64(low), to: &out)
        appendVarint(UInt64(high - low), to: &out)
        var previous = low
        for i in low...high where dense[i] != 0 {
            appendVarint(UInt64(i - previous), to: &out)
            appendVarint(UInt64(dense[i]), to: &out)
            previous = i
        }
    }

    static func unpack<Bytes: RandomAccessCollection>(_ bytes: Bytes) -> CompactHistogram where Bytes.Element == UInt8, Bytes.Index == Int {
        var position = bytes.startIndex
        let low = Int(readVarint(bytes, &position))
        let span = Int(readVarint(bytes, &position))
        var bins = Array(repeating: UInt32(0), count: span + 1)
        var count: UInt64 = 0
        var previous = low
        while position < bytes.endIndex {
            let bin = previous + Int(readVarint(bytes, &position))
            let n = readVarint(bytes, &position)
            bins[bin - low] = UInt32(n)
            count += n
            previous = bin
        }
        return CompactHistogram(firstBin: low, bins: bins, count: count)
    }

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 { out.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func readVarint<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ position: inout Int) -> UInt64 where Bytes.Element == UInt8, Bytes.Index == Int {
        var result: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = bytes[position]; position += 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }
}
