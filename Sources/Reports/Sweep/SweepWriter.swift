import Foundation
import Platform

/// Writes a sweep's files into its output folder, each atomically (temp file + rename, DESIGN §6):
/// `sweep.json`, `sweep.csv`, `sweep.md`, `sweep.html`.
public enum SweepWriter {
    /// - Throws: file-system errors from the atomic writes.
    public static func write(_ result: SweepResult, to folder: String, routes: [String] = []) throws {
        try SummaryFiles.writeAtomically(try result.encoded(), to: folder + "/sweep.json")
        try SummaryFiles.writeAtomically(Data(SweepReport.csv(result).utf8), to: folder + "/sweep.csv")
        try SummaryFiles.writeAtomically(Data(SweepReport.markdown(result, routes: routes).utf8), to: folder + "/sweep.md")
        try SummaryFiles.writeAtomically(Data(SweepReport.html(result, routes: routes).utf8), to: folder + "/sweep.html")
    }
}
