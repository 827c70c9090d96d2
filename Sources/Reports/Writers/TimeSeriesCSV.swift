import Foundation
import Telemetry

/// Writes `timeseries.csv`: one row per time bucket and series (long format, RFC 4180 quoting),
/// header `bucket_start_s,bucket_end_s,metric,subject,value`; rows ordered by bucket, then by
/// the series order of ``RunTimeSeries`` (metric, then subject). Loads into a spreadsheet,
/// pandas (`pivot_table`) or Grafana's CSV data source.
public enum TimeSeriesCSV {
    public static let header = "bucket_start_s,bucket_end_s,metric,subject,value"

    public static func csv(_ ts: RunTimeSeries) -> String {
        var out = header + "\n"
        for bucket in 0..<ts.bucketCount {
            let start = JSONText.number(Double(bucket) * ts.bucketSeconds)
            let end = JSONText.number(Double(bucket + 1) * ts.bucketSeconds)
            for s in ts.series where bucket < s.values.count {
                out += start + "," + end + "," + s.metric.rawValue + "," + field(s.subject) + "," + JSONText.number(s.values[bucket]) + "\n"
            }
        }
        return out
    }

    /// RFC 4180: quote a field holding a comma, quote or line break; double inner quotes.
    static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
