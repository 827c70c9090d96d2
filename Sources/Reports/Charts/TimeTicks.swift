/// Ticks for a time axis in steps people read as durations (1, 2, 5, 10, 15, 30 s; 1, 2, 5, 10,
/// 15, 30 min; 1, 2, 3, 6, 12 h), not Heckbert's 1/2/5 × 10ᵏ, which gives 200 s = `3m20s` steps
/// on a 10-minute run. The step is the smallest candidate that keeps at most `maxTicks` ticks.
///
/// ```swift
/// TimeTicks(durationSeconds: 600, maxTicks: 7).ticks   // [0, 120, 240, 360, 480, 600]
/// ```
public struct TimeTicks: Sendable, Equatable {
    /// Seconds between ticks.
    public var stepSeconds: Double
    /// Tick positions in seconds from 0 up to the duration (the last may fall short of it).
    public var ticks: [Double]

    static let candidateSteps: [Double] = [
        1, 2, 5, 10, 15, 30,
        60, 120, 300, 600, 900, 1800,
        3600, 7200, 10800, 21600, 43200, 86400,
    ]

    /// - Parameters:
    ///   - durationSeconds: length of the axis (> 0; smaller values draw a 1 s axis).
    ///   - maxTicks: most ticks wanted, including 0 (at least 2).
    public init(durationSeconds: Double, maxTicks: Int = 7) {
        let duration = max(durationSeconds, 1e-9)
        let intervals = Double(max(1, maxTicks - 1))
        if duration < 1 {
            // Sub-second axes (tiny test runs) fall back to decimal nice numbers.
            let scale = NiceScale(min: 0, max: duration, maxTicks: maxTicks)
            stepSeconds = scale.step
        } else {
            stepSeconds = Self.candidateSteps.first { duration / $0 <= intervals }
                ?? (duration / intervals / 86400).rounded(.up) * 86400
        }
        let step = stepSeconds
        let count = Int((duration / step + 1e-9).rounded(.down))
        ticks = (0...count).map { Double($0) * step }
    }
}
