/// A small log-bucketed latency histogram for one time bucket of one route (DESIGN §10: full
/// precision only for whole-run per-route histograms; buckets use compact ones).
///
/// Values are microseconds. Bins: 4 per power of two from 1 µs to 2^40 µs (~12.7 days), so a
/// percentile is within ±19 % (the bin's upper edge is reported). 160 `UInt32` = 640 bytes.
public struct CompactHistogram: Sendable, Equatable {
    public static let binsPerOctave = 4
    public static let octaves = 40
    public private(set) var bins: [UInt32]
    public private(set) var count: UInt64 = 0

    public init() { bins = [UInt32](repeating: 0, count: Self.binsPerOctave * Self.octaves) }

    static func bin(forMicroseconds value: UInt64) -> Int {
        let v = max(value, 1)
        let octave = 63 - v.leadingZeroBitCount
        // The two bits after the leading one choose the quarter of the octave.
        let quarter = octave >= 2 ? Int((v >> UInt64(octave - 2)) & 3) : Int((v << UInt64(2 - octave)) & 3)
        return min(octave * binsPerOctave + quarter, binsPerOctave * octaves - 1)
    }

    /// Upper edge (µs) of bin `index`.
    static func upperEdge(ofBin index: Int) -> Double {
        let octave = index / binsPerOctave, quarter = index % binsPerOctave
        return Double(UInt64(1) << UInt64(octave)) * (1 + Double(quarter + 1) / Double(binsPerOctave))
    }

    public mutating func record(microseconds value: UInt64) {
        bins[Self.bin(forMicroseconds: value)] &+= 1
        count += 1
    }

    /// The value (µs) at `percentile` (0…100): the upper edge of the bin that holds it; 0 when empty.
    public func value(atPercentile percentile: Double) -> Double {
        guard count > 0 else { return 0 }
        let rank = max(1, UInt64((percentile / 100 * Double(count)).rounded(.up)))
        var seen: UInt64 = 0
        for (index, n) in bins.enumerated() where n > 0 {
            seen += UInt64(n)
            if seen >= rank { return Self.upperEdge(ofBin: index) }
        }
        return Self.upperEdge(ofBin: bins.count - 1)
    }
}
