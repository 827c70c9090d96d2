/// A set of OAuth scope tokens (RFC 6749 §3.3): space-delimited, case-sensitive, order-free.
///
/// Stored sorted and de-duplicated so equal sets print identically (the `scope` claim and the
/// token response are deterministic).
///
/// ```swift
/// let scopes = ScopeSet(parsing: "purchase read")!   // ["purchase", "read"]
/// scopes.contains("read")                             // true
/// scopes.description                                  // "purchase read"
/// ```
public struct ScopeSet: Sendable, Hashable, CustomStringConvertible {
    /// The scope tokens, sorted ascending by UTF-8 bytes, without duplicates.
    public private(set) var tokens: [String]

    /// The set of `tokens` (sorted and de-duplicated here).
    public init(_ tokens: [String]) {
        // Already strictly ascending (the usual case: a parsed `scope` claim, a filtered set): the
        // sort and the de-duplication below would return it unchanged.
        var ascending = true
        var index = 1
        while ascending && index < tokens.count {
            ascending = tokens[index - 1].utf8.lexicographicallyPrecedes(tokens[index].utf8) && tokens[index - 1] != tokens[index]
            index += 1
        }
        if ascending { self.tokens = tokens; return }
        // Byte order compared in place (comparing `Array(utf8)` copies allocated twice per comparison).
        let sorted = tokens.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        var unique: [String] = []
        unique.reserveCapacity(sorted.count)
        for token in sorted where unique.last != token { unique.append(token) }
        self.tokens = unique
    }

    /// Parses a `scope` parameter. Returns `nil` when a token contains a character outside
    /// RFC 6749 §3.3's `%x21 / %x23-5B / %x5D-7E` or the text has empty tokens (double spaces,
    /// leading or trailing space).
    public init?(parsing text: String) {
        if text.isEmpty { self.init([]); return }
        var copy = text
        // One pass over the bytes (the generic `split` cost ~6k instructions per call).
        let parts = copy.withUTF8 { bytes -> [String]? in
            var parts: [String] = []
            var start = 0
            for index in 0...bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: " ") {
                    guard index > start else { return nil }
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                    start = index + 1
                    continue
                }
                let byte = bytes[index]
                guard byte == 0x21 || (byte >= 0x23 && byte <= 0x5B) || (byte >= 0x5D && byte <= 0x7E) else { return nil }
            }
            return parts
        }
        guard let parts else { return nil }
        self.init(parts)
    }

    /// The empty set.
    public static let empty = ScopeSet([])

    /// Whether the set holds `token`.
    @inlinable public func contains(_ token: String) -> Bool { tokens.contains(token) }
    /// Whether every token of `other` is in this set.
    public func isSuperset(of other: ScopeSet) -> Bool { other.tokens.allSatisfy(contains) }
    /// The tokens in both sets.
    public func intersection(_ other: ScopeSet) -> ScopeSet { ScopeSet(tokens.filter(other.contains)) }
    /// Whether the set is empty.
    public var isEmpty: Bool { tokens.isEmpty }

    /// The space-delimited form (`"purchase read"`).
    public var description: String { tokens.joined(separator: " ") }
}
