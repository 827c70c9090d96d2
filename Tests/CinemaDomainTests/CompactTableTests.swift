import Testing
import PropertyBased
import SimulationPrimitives
@testable import CinemaDomain

/// The compact tables of round 5 (issue 6, memory) against their simple versions: ``PurchaseTable``
/// (dense records + paged id index) against a dictionary of purchases, and the invariant check's
/// ``SeatClaims`` bit sets against a set of (showtime, seat) pairs.
@Suite struct CompactTableTests {
    /// An id from a counter-like dense run, a sparse one far away, negatives and extremes (the
    /// paged span and the overflow dictionary both get used).
    static func randomID(_ random: inout RandomStream) -> Int64 {
        switch random.nextInt(below: 10) {
        case 0..<6: return 1_000_000 + Int64(random.nextInt(below: 9_000))
        case 6: return Int64(random.nextInt(below: 5_000))                 // before the first page seen
        case 7: return (Int64(1) << 40) + Int64(random.nextInt(below: 3))  // beyond the paged span
        case 8: return -Int64(random.nextInt(below: 3)) - 1
        default: return [Int64.max, Int64.min, 0, 4_095, 4_096][random.nextInt(below: 5)]
        }
    }

    static func purchase(_ id: Int64, _ random: inout RandomStream) -> Purchase {
        var p = Purchase(id: PurchaseID(id), customerId: UserID(Int64(random.nextInt(below: 50))), showtimeId: ShowtimeID(7), cinemaId: CinemaID(1),
                         seats: [UInt16(random.nextInt(below: 100))], amountCents: 900, holdExpiresAt: SimTime(nanosecondsSinceStart: 5),
                         createdAt: .zero)
        p.version = UInt64(random.nextInt(below: 4))
        return p
    }

    @Test func purchaseTableEqualsADictionary() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var table = PurchaseTable()
            var model: [Int64: Purchase] = [:]
            var touched: [Int64] = []
            for step in 0..<400 {
                let id = Self.randomID(&random)
                touched.append(id)
                if random.nextInt(below: 4) == 0 {
                    #expect(table.remove(id) == model.removeValue(forKey: id), "seed \(seed), step \(step): remove \(id)")
                } else {
                    let p = Self.purchase(id, &random)
                    #expect(table.put(p) == model.updateValue(p, forKey: id), "seed \(seed), step \(step): put \(id)")
                }
                #expect(table.count == model.count)
                for probe in touched.suffix(20) + [Self.randomID(&random)] {
                    #expect(table[probe] == model[probe], "seed \(seed), step \(step): read \(probe)")
                    if let s = table.slot(probe) { #expect(table[slot: s] == model[probe]) }
                }
            }
            #expect(table.sortedIDs() == model.keys.sorted())
            #expect(table.values.map(\.id.rawValue).sorted() == model.keys.sorted())
        }
    }

    @Test func seatClaimsEqualASet() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var claims = SeatClaims()
            var model: Set<Int64> = []
            for _ in 0..<500 {
                let showtime = Int64(random.nextInt(below: 6)) + (random.nextBool(probability: 0.1) ? 1_000_000 : 0)
                let seat = random.nextBool(probability: 0.05) ? UInt16.max - UInt16(random.nextInt(below: 2)) : UInt16(random.nextInt(below: 200))
                #expect(claims.claim(showtime: showtime, seat: seat) == model.insert(showtime << 16 | Int64(seat)).inserted)
            }
        }
    }
}
