import Foundation
/// `--shard i/n`: this process runs points `i, i+n, i+2n, …` of the expanded order (0-based `i`,
/// as a Kubernetes Indexed Job's `JOB_COMPLETION_INDEX` or a CI matrix index), so `n` independent
/// jobs cover the sweep exactly once and `cinesim merge` joins them.
public struct ShardSelection: Codable, Sendable, Equatable {
    public var index: Int
    public var count: Int

    /// - Throws: ``SweepInputError`` unless `0 ≤ index < count`.
    public init(index: Int, count: Int) throws(SweepInputError) {
        guard count >= 1 else { throw SweepInputError("--shard count must be at least 1, found \(count)") }
        guard index >= 0, index < count else {
            throw SweepInputError("--shard index \(index) is outside 0..<\(count) (shards are numbered from 0, e.g. 0/\(count) … \(count - 1)/\(count))")
        }
        self.index = index; self.count = count
    }

    /// Parses `i/n`. - Throws: ``SweepInputError`` on any other shape.
    public init(parsing text: String) throws(SweepInputError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0].trimmingCharacters(in: .whitespaces)),
              let n = Int(parts[1].trimmingCharacters(in: .whitespaces)) else {
            throw SweepInputError("--shard '\(text)' must be i/n with whole numbers, e.g. 0/4 (shards are numbered from 0)")
        }
        try self.init(index: i, count: n)
    }

    /// The point indices of this shard among `pointCount` points, ascending.
    public func indices(pointCount: Int) -> [Int] {
        Array(stride(from: index, to: pointCount, by: count))
    }
}
