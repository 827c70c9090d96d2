import Testing
import SimulationPrimitives
@testable import ShardedStore

/// ``StoreEnvelope/takeCommand()`` (round 7 `perfstore4`): a command message's box is a class so
/// a receiver holding the only reference moves the command out. Whether moved or copied, the
/// receiver gets the command sent; a box still referenced elsewhere is never changed; the message
/// left behind is a payload-free `hello`; equality and hashing stay the command's.
@Suite struct StoreCommandBoxTests {
    static let sent = Fixtures.command(7, Fixtures.insertOrder(42), .primary, session: SessionID(3), txn: 9)

    @Test func aUniqueBoxGivesItsCommand() {
        var envelope = StoreEnvelope(from: StoreNodeID(1), to: StoreNodeID(2), message: .command(StoreCommandBox(Self.sent)))
        #expect(envelope.takeCommand() == Self.sent)
        #expect(envelope.message == .hello(requestID: 0))
        #expect(envelope.from == StoreNodeID(1) && envelope.to == StoreNodeID(2))
    }

    @Test func aSharedBoxIsCopiedNotEmptied() {
        let box = StoreCommandBox(Self.sent)
        let copy = StoreEnvelope(from: StoreNodeID(1), to: StoreNodeID(2), message: .command(box))
        var envelope = copy
        #expect(envelope.takeCommand() == Self.sent)
        // The other envelope and the box itself still hold the command.
        #expect(box.command == Self.sent)
        if case .command(let kept) = copy.message { #expect(kept.command == Self.sent) } else { Issue.record("copy lost its command") }
    }

    @Test func equalityAndHashingAreTheCommands() {
        let a = StoreMessage.command(StoreCommandBox(Self.sent)), b = StoreMessage.command(StoreCommandBox(Self.sent))
        var other = Self.sent
        other.requestID = 8
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a != .command(StoreCommandBox(other)))
        #expect(Set([a, b]).count == 1)
    }
}
