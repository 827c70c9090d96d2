/// A member's rollback pre-images, oldest first (one per oplog entry above the commit point):
/// appended per applied entry, released from the front as the commit point advances, taken from
/// the back by a rollback.
///
/// Releasing from the front of an `Array` (`removeFirst(_:)`) shifted the remaining pre-images and
/// went through the generic `replaceSubrange`, ~200 instructions per applied entry (performance
/// round 7). Here releasing them all (the usual case: nothing above the commit point) destroys them
/// in place from the back; releasing some overwrites them with an empty pre-image and moves a head
/// index on, and the storage is compacted once the released prefix is at least half of it (and 32
/// slots), so memory stays bounded by the pre-images kept.
struct PreImageLog: Sendable {
    private var storage: [ReplicaSetMember.PreImage] = []
    private var head = 0

    /// Pre-images kept.
    var count: Int { storage.count - head }

    /// The `i`-th kept pre-image (0 = oldest).
    subscript(i: Int) -> ReplicaSetMember.PreImage {
        storage[head + i]
    }

    /// Keeps `preImage` as the newest.
    mutating func append(_ preImage: ReplicaSetMember.PreImage) {
        storage.append(preImage)
    }

    /// Takes the newest pre-image out. Precondition: not empty.
    mutating func removeLast() -> ReplicaSetMember.PreImage {
        precondition(count > 0, "no pre-image to remove")
        let last = storage.removeLast()
        if storage.count == head { releaseAll() }
        return last
    }

    /// Releases the `k` oldest pre-images (`k <= count`).
    mutating func removeFirst(_ k: Int) {
        precondition(k >= 0 && k <= count, "cannot release \(k) of \(count) pre-images")
        guard k < count else { releaseAll(); return }
        for i in head..<(head + k) { storage[i] = .released }
        head += k
        if head >= 32 && head * 2 >= storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    /// Releases every pre-image.
    mutating func removeAll() {
        storage.removeAll()
        head = 0
    }

    /// Releases every pre-image, keeping the storage: one by one from the back, cheaper than
    /// `removeAll(keepingCapacity:)`'s generic path for the usual one or two (at most 32 released
    /// slots precede them).
    private mutating func releaseAll() {
        while !storage.isEmpty { storage.removeLast() }
        head = 0
    }
}

extension ReplicaSetMember.PreImage {
    /// What a released slot of ``PreImageLog`` holds (no document, no retry state).
    static let released = ReplicaSetMember.PreImage(previousDocument: nil, previousRetry: nil, previousVersion: nil)
}
