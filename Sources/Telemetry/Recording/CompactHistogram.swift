/// A small log-linear latency histogram for one time bucket of one route (DESIGN §10: full
/// precision only for whole-run per-route histograms; buckets use compact ones).
///
/// Values are microseconds. Bins: 32 linear sub-bins per power of two (HdrHistogram's layout
/// with 5 sub-bucket bits) from 1 µs to 2^40 µs (~12.7 days); a percentile is reported as its
/// bin's midpoint, within ±1/64 ≈ ±1.6 % of the recorded value (about two significant digits).
/// Windows merge buckets with ``add(_:)`` and read the pooled distribution.
///
/// Memory: only the bins between the lowest and highest value seen are stored (`UInt32` each),
/// so a bucket whose latencies span 1 ms…4 s (12 octaves) holds ~384 bins ≈ 1.5 KB.
public struct CompactHistogram: Sendable, Equatable {
    /// Sub-bins per power of two (2^5; HdrHistogram's sub-bucket count for ~1.5 significant
    /// digits, reference/loadtest-chaos.md §3b).
    public static let binsPerOctave = 32
    static let subBinBits = 5
    public static let octaves = 40
    static let binCount = binsPerOctave * octaves
    /// Counts of bins `firstBin ..< firstBin + bins.count`.
    public private(set) var bins: [UInt32] = []
    public private(set) var firstBin = 0
    public private(set) var count: UInt64 = 0

    public init() {}

    /// A histogram with the given stored range (``LatencyBucketSeries`` unpacking a bucket).
    init(firstBin: Int, bins: [UInt32], count: UInt64) {
        self.firstBin = firstBin; self.bins = bins; self.count = count
    }

    static func bin(forMicroseconds value: UInt64) -> Int {
        let v = max(value, 1)
        let octave = 63 - v.leadingZeroBitCount
        // The five bits after the leading one choose the sub-bin (linear within the octave).
        let sub = octave >= subBinBits ? Int((v >> UInt64(octave - subBinBits)) & 31) : Int((v << UInt64(subBinBits - octave)) & 31)
        return min(octave * binsPerOctave + sub, binCount - 1)
    }

    /// Lower edge (µs) of bin `index`.
    static func lowerEdge(ofBin index: Int) -> Double {
        let octave = index / binsPerOctave, sub = index % binsPerOctave
        return Double(UInt64(1) << UInt64(octave)) * (1 + Double(sub) / Double(binsPerOctave))
    }

    /// Midpoint (µs) of bin `index`: the reported value of every sample in it.
    static func midpoint(ofBin index: Int) -> Double {
        let octave = index / binsPerOctave
        return lowerEdge(ofBin: index) + Double(UInt64(1) << UInt64(octave)) / Double(binsPerOctave) / 2
    }

    /// Makes bin `index` storable (grows the stored range; rare after the first few samples).
    mutating func cover(_ index: Int) {
        if bins.isEmpty { firstBin = index; bins = [0]; return }
        if index < firstBin {
            bins.insert(contentsOf: repeatElement(0, count: firstBin - index), at: 0)
            firstBin = index
        } else if index >= firstBin + bins.count {
            bins.append(contentsOf: repeatElement(0, count: index - firstBin - bins.count + 1))
        }
    }

    public mutating func record(microseconds value: UInt64) {
        let index = Self.bin(forMicroseconds: value)
        if index < firstBin || index >= firstBin + bins.count { cover(index) }
        bins[index - firstBin] &+= 1
        count += 1
    }

    /// Adds `other`'s samples (pooling time buckets into a window).
    public mutating func add(_ other: CompactHistogram) {
        guard other.count > 0 else { return }
        cover(other.firstBin)
        cover(other.firstBin + other.bins.count - 1)
        for (offset, n) in other.bins.enumerated() where n > 0 { bins[other.firstBin + offset - firstBin] &+= n }
        count += other.count
    }

    /// The value (µs) at `percentile` (0…100): the midpoint of the bin holding the sample of rank
    /// ⌈p/100 · count⌉ (at least 1); 0 when empty.
    public func value(atPercentile percentile: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((percentile / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (offset, n) in bins.enumerated() where n > 0 {
            seen += UInt64(n)
            if seen >= rank { return Self.midpoint(ofBin: firstBin + offset) }
        }
        return Self.midpoint(ofBin: firstBin + bins.count - 1)
    }
}
