import Foundation
import Scenarios

/// One swept value: a dotted `--set` path (docs/scenario-format.md "Command-line overrides") and
/// the values it takes, as YAML text (`100/s`, `4`, `250ms`).
public struct SweepParameter: Codable, Sendable, Equatable {
    public var path: String
    public var values: [String]
    public init(path: String, values: [String]) { self.path = path; self.values = values }

    /// Parses a command-line `--param key=v1,v2,…`.
    /// - Throws: ``SweepInputError`` when the `=` is missing, the key is empty or a value is empty.
    public init(parsing text: String) throws(SweepInputError) {
        guard let equals = text.firstIndex(of: "=") else {
            throw SweepInputError("--param '\(text)' needs the form key.path=v1,v2,… (e.g. workload.stages.0.target=100/s,200/s)")
        }
        let path = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let values = text[text.index(after: equals)...].split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !path.isEmpty, !path.hasPrefix("."), !path.hasSuffix("."), !path.contains("..") else {
            throw SweepInputError("--param '\(text)': '\(path)' is not a dotted key path (e.g. topology.services.compra-command.instances)")
        }
        guard !values.isEmpty, values.allSatisfy({ !$0.isEmpty }) else {
            throw SweepInputError("--param '\(text)': every value between commas must be non-empty")
        }
        self.init(path: path, values: values)
    }
}

/// Invalid sweep input (`--param`, `--shard`, `--seeds`, mismatched merge inputs): the CLI prints
/// ``message`` and exits 2 (DESIGN §7 exit codes).
public struct SweepInputError: Error, CustomStringConvertible, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One run of a sweep: a grid cell (one value per parameter) and a seed.
public struct SweepPoint: Codable, Sendable, Equatable {
    /// Position in the full expanded order (0-based); names the point's folder.
    public var index: Int
    /// Position of the grid cell (the point without its seed).
    public var cell: Int
    /// One value per ``SweepGrid/parameters`` entry, in the same order.
    public var values: [String]
    public var seed: UInt64

    /// `key=value` overrides for `cinesim run --set`: the parameters in order, then `seed=`.
    public func overrides(parameters: [SweepParameter]) -> [String] {
        zip(parameters, values).map { "\($0.path)=\($1)" } + ["seed=\(seed)"]
    }

    /// The point's folder name under the sweep's `points/` folder (`p0007`).
    public var folderName: String {
        let digits = String(index)
        return "p" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// The parameter grid × seeds of a sweep, expanded in a deterministic order: grid cells in
/// lexicographic order of value positions (the first parameter varies slowest, like nested loops in
/// the order written), and for each cell its seeds in increasing order.
public struct SweepGrid: Codable, Sendable, Equatable {
    public var parameters: [SweepParameter]
    public var seeds: [UInt64]

    /// - Throws: ``SweepInputError`` when there is no seed, a parameter is listed twice or has no values.
    public init(parameters: [SweepParameter], seeds: [UInt64]) throws(SweepInputError) {
        guard !seeds.isEmpty else { throw SweepInputError("a sweep needs at least one seed (--seeds N with N ≥ 1)") }
        for (i, p) in parameters.enumerated() {
            if p.values.isEmpty { throw SweepInputError("sweep parameter '\(p.path)' has no values") }
            if parameters[..<i].contains(where: { $0.path == p.path }) {
                throw SweepInputError("sweep parameter '\(p.path)' is given twice")
            }
        }
        self.parameters = parameters; self.seeds = seeds
    }

    /// Combines the scenario's `sweep:` section with command-line `--param`s (a `--param` replaces a
    /// section parameter of the same path, others are appended) and seeds. Seeds are
    /// `baseSeed, baseSeed+1, …` (`seedCount` from `--seeds`, else the section's `seeds`, else 1).
    public static func resolve(section: SweepSpec?, commandLine: [SweepParameter], seedCount: Int?, baseSeed: UInt64) throws(SweepInputError) -> SweepGrid {
        var parameters = (section?.parameters ?? []).map { SweepParameter(path: $0.path, values: $0.values) }
        for p in commandLine {
            if let i = parameters.firstIndex(where: { $0.path == p.path }) { parameters[i] = p } else { parameters.append(p) }
        }
        let count = seedCount ?? section?.seeds ?? 1
        guard count >= 1 else { throw SweepInputError("--seeds must be at least 1, found \(count)") }
        return try SweepGrid(parameters: parameters, seeds: (0..<UInt64(count)).map { baseSeed &+ $0 })
    }

    /// Number of grid cells (product of the value counts; 1 without parameters).
    public var cellCount: Int { parameters.reduce(1) { $0 * $1.values.count } }
    /// Cells × seeds.
    public var pointCount: Int { cellCount * seeds.count }

    /// The values of cell `cell` (mixed-radix digits, last parameter fastest).
    public func values(ofCell cell: Int) -> [String] {
        var remainder = cell
        var digits = [Int](repeating: 0, count: parameters.count)
        for i in stride(from: parameters.count - 1, through: 0, by: -1) {
            let n = parameters[i].values.count
            digits[i] = remainder % n
            remainder /= n
        }
        return zip(parameters, digits).map { $0.values[$1] }
    }

    /// Point `index` of the full order.
    public func point(_ index: Int) -> SweepPoint {
        let cell = index / seeds.count
        return SweepPoint(index: index, cell: cell, values: values(ofCell: cell), seed: seeds[index % seeds.count])
    }

    /// Every point in order.
    public var points: [SweepPoint] { (0..<pointCount).map(point) }
}
