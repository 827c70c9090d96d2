/// A seeded pseudo-random stream: xoshiro256** seeded through SplitMix64.
///
/// Every component of a run owns one stream derived from the run's root seed and a stable hash of
/// the component's name (``init(rootSeed:component:)``), so adding a component or drawing more
/// numbers in one place never shifts another component's numbers (DESIGN §2; the same idea as
/// FoundationDB's and TigerBeetle's simulators, reference/simulation-anchors.md §3).
///
/// ```swift
/// var rng = RandomStream(rootSeed: 42, component: "compra-command/1")
/// let u = rng.nextDouble()          // in [0, 1), 53 random bits
/// let k = rng.next(upperBound: 6)   // uniform in 0..<6
/// ```
///
/// Algorithms: SplitMix64 (Steele, Lea, Flood 2014) and xoshiro256** 1.0 (Blackman & Vigna 2018,
/// https://prng.di.unimi.it/). A value type: copying a stream forks it, so hold it in one place and
/// pass it `inout`.
public struct RandomStream: RandomNumberGenerator, Sendable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64

    /// A stream seeded from `seed` by four SplitMix64 steps (the seeding xoshiro's authors advise).
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next(); s1 = sm.next(); s2 = sm.next(); s3 = sm.next()
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 } // the all-zero state is xoshiro's only fixed point
    }

    /// The stream of component `component` in a run with root seed `rootSeed`: seeded from
    /// `SplitMix64(rootSeed ^ fnv1a64(component))`, mixed once more so nearby names and seeds decorrelate.
    public init(rootSeed: UInt64, component: String) {
        var mix = SplitMix64(state: rootSeed ^ StableHash.fnv1a64(component))
        self.init(seed: mix.next())
    }

    /// The next 64 random bits (xoshiro256**). Always inlined, like the draws below: a handful of
    /// shifts and xors that the optimiser otherwise left as calls inside the distribution samplers.
    @inline(__always) @inlinable public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1) built from the top 53 bits (exactly representable, no bias).
    @inline(__always) @inlinable public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Double` in (0, 1]: never zero, safe under `log` (inverse-transform sampling).
    @inline(__always) @inlinable public mutating func nextOpenDouble() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A uniform integer in `0..<upperBound` without modulo bias (Lemire 2019, multiply-shift with rejection).
    /// Precondition: `upperBound > 0`.
    @inlinable public mutating func next(upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0, "RandomStream.next(upperBound:) needs a positive bound")
        var m = next().multipliedFullWidth(by: upperBound)
        if m.low < upperBound {
            let threshold = (0 &- upperBound) % upperBound
            while m.low < threshold { m = next().multipliedFullWidth(by: upperBound) }
        }
        return m.high
    }

    /// A uniform `Int` in `0..<upperBound`. Precondition: `upperBound > 0`.
    @inlinable public mutating func nextInt(below upperBound: Int) -> Int {
        Int(next(upperBound: UInt64(upperBound)))
    }

    /// `true` with probability `p` (clamped to [0, 1]).
    @inlinable public mutating func nextBool(probability p: Double) -> Bool { nextDouble() < p }

    @inline(__always) @inlinable func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

/// SplitMix64 (Steele, Lea, Flood 2014): used to expand one seed into xoshiro's 256-bit state and
/// to derive per-component seeds.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The generator's 64-bit state.
    public var state: UInt64
    /// A generator starting at `state`.
    public init(state: UInt64) { self.state = state }
    /// The next 64 bits.
    @inlinable public mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
