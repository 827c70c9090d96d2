/// Decimal text of integers as UTF-8 bytes, for writers that build JSON or NDJSON as bytes
/// (the JWT claims writer, the ECS log writer) without making a `String` per number.
public enum DecimalBytes {
    /// Appends the decimal digits of `value` to `out`, exactly as `String(value)` prints them
    /// (`-` before negatives, no leading zeros, `0` for zero). `Int64.min` is handled (its
    /// magnitude fits `UInt64`).
    @inlinable
    public static func append(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        // 20 digits hold UInt64.max; filled from the right, then copied in one block.
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
