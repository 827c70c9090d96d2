import Telemetry

/// Rates for the report's headline cards, from the time series: the best 60 s of throughput (the
/// steady state after a ramp) and the seat-sale curve (peak minute against the last minute).
enum HeadlineRates {
    /// Seconds of the windows compared.
    static let windowSeconds = 60.0

    /// Mean rate over each full 60 s window of buckets after `warmupSeconds` (`values` per bucket,
    /// a per-second rate); nil when the measured run is shorter than one window.
    static func windowRates(_ values: [Double], bucketSeconds: Double, warmupSeconds: Double) -> [Double]? {
        guard bucketSeconds > 0 else { return nil }
        let width = max(1, Int((windowSeconds / bucketSeconds).rounded()))
        let first = Int((warmupSeconds / bucketSeconds).rounded(.up))
        guard values.count - first >= width else { return nil }
        var sum = values[first..<(first + width)].reduce(0, +)
        var rates = [sum / Double(width)]
        for end in (first + width)..<values.count {
            sum += values[end] - values[end - width]
            rates.append(sum / Double(width))
        }
        return rates
    }

    /// The highest 60 s mean of the summed per-route throughput.
    static func peakMinuteThroughput(_ series: RunTimeSeries, routes: [String], warmupSeconds: Double) -> Double? {
        var total = [Double](repeating: 0, count: series.bucketCount)
        for route in routes {
            guard let values = series.values(.throughputPerSecond, route) else { continue }
            for (i, v) in values.enumerated() where i < total.count { total[i] += v }
        }
        return windowRates(total, bucketSeconds: series.bucketSeconds, warmupSeconds: warmupSeconds)?.max()
    }

    /// Seats sold per second in the best 60 s and in the last 60 s of the run, from the cumulative
    /// `seats_sold` series; nil without that series or with less than a minute measured.
    static func seatSales(_ series: RunTimeSeries, warmupSeconds: Double) -> (peakMinute: Double, lastMinute: Double)? {
        guard let cumulative = series.values(.seatsSold, "all"), !cumulative.isEmpty, series.bucketSeconds > 0 else { return nil }
        var perSecond: [Double] = []
        var previous = 0.0
        for value in cumulative { perSecond.append((value - previous) / series.bucketSeconds); previous = value }
        guard let rates = windowRates(perSecond, bucketSeconds: series.bucketSeconds, warmupSeconds: warmupSeconds), let last = rates.last else { return nil }
        return (rates.max() ?? 0, last)
    }
}
