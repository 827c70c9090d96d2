/// The kind of one position in an auditorium's seat grid.
///
/// Kinds follow the reference's derived list (reference/store-auth-logs.md §4.1, "Seat types for the
/// simulator") reduced to what the sale rules use: `accessible` is a wheelchair space and
/// `companion` the seat next to it (28 CFR 36.302(f)); `gap` is an aisle or a missing seat, never
/// offered for sale. Raw values are stable: they index price tiers and are stored in arrays.
public enum SeatKind: UInt8, Sendable, CaseIterable {
    /// An ordinary seat.
    case standard = 0
    /// A premium (VIP) seat, premium price tier.
    case premium = 1
    /// A wheelchair space.
    case accessible = 2
    /// A companion seat beside a wheelchair space.
    case companion = 3
    /// An aisle or missing seat: never sold.
    case gap = 4

    /// Whether the position is a seat that can be sold (everything but `gap`).
    @inlinable public var isSeat: Bool { self != .gap }
}

/// The seat grid of an auditorium: `rows × seatsPerRow` positions in row-major order, each with a
/// ``SeatKind``. A seat is addressed by its **seat index** `row * seatsPerRow + column` (a `UInt16`,
/// so at most 65,535 positions), the compact form used by commands, events and inventories.
///
/// ```swift
/// let layout = SeatLayout(rows: 10, seatsPerRow: 20, kinds: kinds)
/// layout.capacity                 // seats offered (positions that are not gaps)
/// layout.index(row: 2, column: 5) // 45
/// ```
///
/// Vista models the same grid as areas → rows → seats (reference §4.1, `SeatLayoutData`).
public struct SeatLayout: Hashable, Sendable {
    /// Number of rows (row 0 is the front row, labelled `A`).
    public var rows: Int
    /// Positions per row, aisles included.
    public var seatsPerRow: Int
    /// Kind of every position, row-major; `kinds.count == rows * seatsPerRow`.
    public var kinds: [SeatKind]

    /// A layout from its grid. Precondition: `kinds.count == rows * seatsPerRow` and at most 65,535 positions.
    public init(rows: Int, seatsPerRow: Int, kinds: [SeatKind]) {
        precondition(rows > 0 && seatsPerRow > 0 && kinds.count == rows * seatsPerRow && kinds.count <= Int(UInt16.max),
                     "SeatLayout: kinds must hold rows*seatsPerRow (≤ 65535) entries")
        self.rows = rows
        self.seatsPerRow = seatsPerRow
        self.kinds = kinds
    }

    /// An all-standard rectangular layout, handy in tests.
    public static func rectangular(rows: Int, seatsPerRow: Int) -> SeatLayout {
        SeatLayout(rows: rows, seatsPerRow: seatsPerRow, kinds: Array(repeating: .standard, count: rows * seatsPerRow))
    }

    /// Number of positions (seats and gaps).
    @inlinable public var positionCount: Int { kinds.count }
    /// Seats offered for sale: positions that are not gaps.
    public var capacity: Int { kinds.reduce(0) { $0 + ($1.isSeat ? 1 : 0) } }
    /// The seat index of (`row`, `column`), both zero-based.
    @inlinable public func index(row: Int, column: Int) -> UInt16 { UInt16(row * seatsPerRow + column) }
    /// Whether `seat` addresses a sellable seat of this layout.
    @inlinable public func isSellable(_ seat: UInt16) -> Bool { Int(seat) < kinds.count && kinds[Int(seat)].isSeat }

    /// Checks the layout rules, returning the first broken one: every row has at least one seat;
    /// every `companion` seat sits directly beside an `accessible` one in the same row (28 CFR
    /// 36.302(f): companion seats are next to the wheelchair space).
    public func validate() -> InvalidReason? {
        for r in 0..<rows {
            let row = kinds[(r * seatsPerRow)..<((r + 1) * seatsPerRow)]
            if !row.contains(where: { $0.isSeat }) { return .layoutRowWithoutSeats }
            for c in 0..<seatsPerRow where row[row.startIndex + c] == .companion {
                let left = c > 0 && row[row.startIndex + c - 1] == .accessible
                let right = c + 1 < seatsPerRow && row[row.startIndex + c + 1] == .accessible
                if !left && !right { return .companionWithoutAccessibleSeat }
            }
        }
        return nil
    }

    /// The `count` most sought-after seats (the flash-sale targets of case F16, "50 best seats"):
    /// sellable seats nearest the centre column at two-thirds of the depth from the screen
    /// [derived: the usual rule of thumb], ties broken by seat index. Sorted best first.
    public func bestSeats(count: Int) -> [UInt16] {
        let targetRow = Double(rows - 1) * 2 / 3, targetColumn = Double(seatsPerRow - 1) / 2
        var ranked: [(distance: Double, seat: UInt16)] = []
        for i in 0..<kinds.count where kinds[i].isSeat {
            let dr = Double(i / seatsPerRow) - targetRow, dc = Double(i % seatsPerRow) - targetColumn
            ranked.append((dr * dr + dc * dc, UInt16(i)))
        }
        ranked.sort { ($0.distance, $0.seat) < ($1.distance, $1.seat) }
        return ranked.prefix(count).map(\.seat)
    }

    /// Human seat label: row letter(s) then 1-based column, e.g. `C7` (rows beyond `Z` continue `AA`, `AB`…).
    public func label(of seat: UInt16) -> String {
        let row = Int(seat) / seatsPerRow, column = Int(seat) % seatsPerRow
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        let rowLabel = row < 26 ? String(letters[row]) : String(letters[row / 26 - 1]) + String(letters[row % 26])
        return rowLabel + String(column + 1)
    }
}

/// Ticket prices of a showtime per seat kind, in cents (integer money, never floating point).
///
/// Accessible and companion seats are priced at the standard tier: 28 CFR 36.302(f) requires
/// accessible seats to be sold at every price level and at no higher price (reference §4.1).
public struct PriceTiers: Hashable, Sendable {
    /// Price of a standard seat, in cents.
    public var standardCents: Int64
    /// Price of a premium seat, in cents.
    public var premiumCents: Int64

    /// Tiers from their prices in cents.
    public init(standardCents: Int64, premiumCents: Int64) {
        self.standardCents = standardCents
        self.premiumCents = premiumCents
    }

    /// Price of a seat of `kind`, in cents (gaps cost 0; they are never sold).
    @inlinable public func priceCents(of kind: SeatKind) -> Int64 {
        switch kind {
        case .premium: return premiumCents
        case .standard, .accessible, .companion: return standardCents
        case .gap: return 0
        }
    }

    /// Rule: prices are positive and premium is not cheaper than standard.
    public var isValid: Bool { standardCents > 0 && premiumCents >= standardCents }
}
