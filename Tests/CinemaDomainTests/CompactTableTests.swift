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

    /// A random purchase: mostly one that a 64-byte record holds, sometimes one that spills (five
    /// or more seats, a customer id or amount beyond 32 bits, a version beyond 16 bits).
    static func purchase(_ id: Int64, _ random: inout RandomStream) -> Purchase {
        let seatCount = random.nextBool(probability: 0.1) ? 5 + random.nextInt(below: 3) : random.nextInt(below: 5)
        let seats = (0..<seatCount).map { _ in random.nextBool(probability: 0.05) ? UInt16.max : UInt16(random.nextInt(below: 400)) }
        let customer: Int64 = random.nextBool(probability: 0.05) ? (Int64(1) << 40) + 3 : Int64(random.nextInt(below: 50))
        let amount: Int64 = random.nextBool(probability: 0.05) ? Int64(Int32.max) + 1 : Int64(random.nextInt(below: 10_000))
        var p = Purchase(id: PurchaseID(id), customerId: UserID(customer), showtimeId: ShowtimeID(Int64(random.nextInt(below: 1_000_000))),
                         cinemaId: CinemaID(Int64(random.nextInt(below: 9))), seats: seats, amountCents: amount,
                         holdExpiresAt: SimTime(nanosecondsSinceStart: Int64(random.nextInt(below: 1 << 30)) << 20),
                         createdAt: SimTime(nanosecondsSinceStart: -Int64(random.nextInt(below: 1_000))))
        p.state = PurchaseState.allCases[random.nextInt(below: PurchaseState.allCases.count)]
        p.paymentReference = random.nextBool(probability: 0.5) ? 0 : Int64(bitPattern: random.next())
        p.version = random.nextBool(probability: 0.05) ? 70_000 : UInt64(random.nextInt(below: 4))
        return p
    }

    /// A record holds exactly what fits and refuses the rest; 64 bytes.
    @Test func purchaseRecordRoundTrips() async {
        #expect(MemoryLayout<PurchaseRecord>.stride == 64)
        await propertyCheck(count: 40, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            for _ in 0..<200 {
                let p = Self.purchase(Int64(random.nextInt(below: 1 << 40)), &random)
                let fits = p.seats.count <= 4 && Int32(exactly: p.customerId.rawValue) != nil && Int32(exactly: p.amountCents) != nil
                    && UInt16(exactly: p.version) != nil
                if let record = PurchaseRecord(p) {
                    #expect(fits)
                    #expect(record.purchase == p)
                } else {
                    #expect(!fits)
                }
            }
        }
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
                if random.nextInt(below: 8) == 0, let s = table.slot(id) {
                    // Replacing in place through the slot (what the store's update does).
                    let p = Self.purchase(id, &random)
                    table[slot: s] = p
                    model[id] = p
                } else if random.nextInt(below: 4) == 0 {
                    #expect(table.remove(id) == model.removeValue(forKey: id), "seed \(seed), step \(step): remove \(id)")
                } else {
                    let p = Self.purchase(id, &random)
                    #expect(table.put(p) == model.updateValue(p, forKey: id), "seed \(seed), step \(step): put \(id)")
                }
                #expect(table.count == model.count)
                for probe in touched.suffix(20) + [Self.randomID(&random)] {
                    #expect(table[probe] == model[probe], "seed \(seed), step \(step): read \(probe)")
                    if let s = table.slot(probe) {
                        #expect(table[slot: s] == model[probe])
                        #expect(table.version(slot: s) == model[probe]?.version)
                    }
                }
            }
            #expect(table.sortedIDs() == model.keys.sorted())
            #expect(table.ids.sorted() == model.keys.sorted())
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

/// The store's direct reads of a purchase's shard-key fields and seat count (performance round 7:
/// read from the record, no `Purchase` built) against the purchase ``DocumentStore/document(_:key:)``
/// returns, through random puts, replacements and removals of purchases that fit a record and
/// purchases that spill.
@Suite struct PurchaseFieldReadTests {
    @Test func fieldReadsMatchTheStoredPurchase() async {
        await propertyCheck(count: 30, input: Gen.int(in: 1...1_000_000)) { seed in
            var random = RandomStream(seed: UInt64(seed))
            var store = DocumentStore()
            var ids: [Int64] = []
            for step in 0..<300 {
                if random.nextBool(probability: 0.8) || ids.isEmpty {
                    let id = ids.isEmpty || random.nextBool(probability: 0.7) ? CompactTableTests.randomID(&random) : ids[random.nextInt(below: ids.count)]
                    store.put(.purchase(CompactTableTests.purchase(id, &random)))
                    ids.append(id)
                } else {
                    let id = ids[random.nextInt(below: ids.count)]
                    _ = store.apply(.delete(.purchases, key: id, shardKeyValue: nil), now: .zero)
                }
                let id = random.nextBool(probability: 0.9) && !ids.isEmpty ? ids[random.nextInt(below: ids.count)] : CompactTableTests.randomID(&random)
                guard case .purchase(let p)? = store.document(.purchases, key: id) else {
                    #expect(store.purchaseKeyFields(id) == nil, "seed \(seed), step \(step)")
                    #expect(store.purchaseSeatCount(id) == nil, "seed \(seed), step \(step)")
                    continue
                }
                #expect(store.purchaseKeyFields(id) == PurchaseKeyFields(showtimeId: p.showtimeId.rawValue, customerId: p.customerId.rawValue,
                                                                         createdAt: p.createdAt), "seed \(seed), step \(step)")
                #expect(store.purchaseSeatCount(id) == p.seats.count, "seed \(seed), step \(step)")
            }
        }
    }
}
