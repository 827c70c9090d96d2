import Foundation
import Telemetry

/// Writes `timeseries.csv`: one row per time bucket and series (long format, RFC 4180 quoting),
/// header `bucket_start_s,bucket_end_s,metric,subject,value`; rows ordered by bucket, then by
/// the series order of ``RunTimeSeries`` (metric, then subject). Loads into a spreadsheet,
/// pandas (`pivot_table`) or Grafana's CSV data source.
public enum TimeSeriesCSV {
    public static let header = "bucket_start_s,bucket_end_s,metric,subject,value"

    /// The CSV text (see the type's docs).
    public static func csv(_ ts: RunTimeSeries) -> String {
        String(decoding: csvBytes(ts), as: UTF8.self)
    }

    /// The CSV as UTF-8 bytes, what the report writer saves (no String in between: the file is
    /// the largest of a long run's report, ~40 MB at 30 simulated minutes).
    public static func csvBytes(_ ts: RunTimeSeries) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + ts.bucketCount * ts.series.count * 40)
        appendRows(ts, to: &out, chunkBytes: .max) { _ in }
        return out
    }

    /// ``csvBytes(_:)`` handed to `write` in pieces of about `chunkBytes` (whole rows; the last
    /// piece shorter), so the report writer streams the file to disk without holding it. The
    /// pieces concatenated are exactly ``csvBytes(_:)``.
    /// - Throws: what `write` throws (writing then stops).
    public static func writeCSV(_ ts: RunTimeSeries, chunkBytes: Int, _ write: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        var out: [UInt8] = []
        out.reserveCapacity(min(chunkBytes, 64 + ts.bucketCount * ts.series.count * 40) + 1024)
        try appendRows(ts, to: &out, chunkBytes: chunkBytes) { buffer in
            try buffer.withUnsafeBytes(write)
            buffer.removeAll(keepingCapacity: true)
        }
        if !out.isEmpty { try out.withUnsafeBytes(write) }
    }

    /// Appends the header and every row to `out`, calling `flush(&out)` whenever `out` reaches
    /// `chunkBytes` (the callee empties it).
    static func appendRows(_ ts: RunTimeSeries, to out: inout [UInt8], chunkBytes: Int, flush: (inout [UInt8]) throws -> Void) rethrows {
        // Built as UTF-8 bytes with each series' `,metric,subject,` prefix and each bucket's
        // `start,end` encoded once: the per-row String concatenation and the per-row quoting check
        // of the subject were most of the report's rendering time on long runs
        // (docs/performance.md, round 4).
        out.append(contentsOf: header.utf8)
        out.append(UInt8(ascii: "\n"))
        let prefixes = ts.series.map { Array(("," + $0.metric.rawValue + "," + field($0.subject) + ",").utf8) }
        let zero = Array(JSONText.number(0).utf8)
        for bucket in 0..<ts.bucketCount {
            let span = Array((JSONText.number(Double(bucket) * ts.bucketSeconds) + "," + JSONText.number(Double(bucket + 1) * ts.bucketSeconds)).utf8)
            for (index, s) in ts.series.enumerated() where bucket < s.values.count {
                let value = s.values[bucket]
                out.append(contentsOf: span)
                out.append(contentsOf: prefixes[index])
                // Most cells of a long run are 0 (+0.0 only: -0.0 keeps its own spelling).
                if value.bitPattern == 0 { out.append(contentsOf: zero) } else { out.append(contentsOf: JSONText.number(value).utf8) }
                out.append(UInt8(ascii: "\n"))
            }
            if out.count >= chunkBytes { try flush(&out) }
        }
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
