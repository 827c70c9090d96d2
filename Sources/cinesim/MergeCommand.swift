import ArgumentParser
import Foundation
import Reports

/// `cinesim merge <dir…> --out DIR`: joins the outputs of `cinesim sweep --shard i/n` into the
/// result the unsharded sweep writes (docs/sweeps.md).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join sharded sweep outputs into one sweep result.",
        discussion: "Each folder holds a sweep.json from 'cinesim sweep --shard'. Point folders are copied under <out>/points/. Exit codes: 0 merged, 2 inputs missing, mismatched or incomplete.")

    @Argument(help: "Shard output folders (each with a sweep.json).")
    var folders: [String]

    @Option(help: "Output folder for the merged sweep.")
    var out: String

    @Flag(help: "Write the merge even when points are missing.")
    var allowPartial = false

    @Option(help: "Route charted and tabulated (repeatable; default: the busiest routes).")
    var route: [String] = []

    func run() throws {
        let merged: SweepResult
        do {
            guard !folders.isEmpty else { throw SweepInputError("merge needs at least one shard folder") }
            let parts = try folders.map { try SweepResult.read(path: $0 + "/sweep.json") }
            merged = try SweepMerge.merge(parts, requireComplete: !allowPartial)
        } catch {
            FileHandleOutput.writeToStandardError("cinesim merge: \(error)\n")
            throw ExitCode(2)
        }
        if let problem = OutputFolder.problem(out) {
            FileHandleOutput.writeToStandardError("cinesim merge: \(problem)\n")
            throw ExitCode(2)
        }
        let fileManager = FileManager.default
        for folder in folders {
            let part = try SweepResult.read(path: folder + "/sweep.json")
            for point in part.points {
                // Copy the point's folder (points/pNNNN) so summaryPath resolves in the merged output.
                let pointFolder = point.summaryPath.split(separator: "/").prefix(2).joined(separator: "/")
                let source = folder + "/" + pointFolder, target = out + "/" + pointFolder
                guard URL(fileURLWithPath: source).standardizedFileURL != URL(fileURLWithPath: target).standardizedFileURL else { continue }
                try? fileManager.removeItem(atPath: target)
                try fileManager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try fileManager.copyItem(atPath: source, toPath: target)
            }
        }
        try SweepWriter.write(merged, to: out, routes: route)
        print("merged \(folders.count) folders: \(merged.points.count) of \(merged.pointCount) points → \(out)/sweep.json")
    }
}
