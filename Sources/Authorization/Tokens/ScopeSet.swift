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
        var sorted = tokens.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        var unique: [String] = []
        for token in sorted where unique.last != token { unique.append(token) }
        sorted = unique
        self.tokens = sorted
    }

    /// Parses a `scope` parameter. Returns `nil` when a token contains a character outside
    /// RFC 6749 §3.3's `%x21 / %x23-5B / %x5D-7E` or the text has empty tokens (double spaces,
    /// leading or trailing space).
    public init?(parsing text: String) {
        if text.isEmpty { self.init([]); return }
        var parts: [String] = []
        for part in text.split(separator: " ", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { return nil }
            for byte in part.utf8 {
                let ok = byte == 0x21 || (byte >= 0x23 && byte <= 0x5B) || (byte >= 0x5D && byte <= 0x7E)
                guard ok else { return nil }
            }
            parts.append(String(part))
        }
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
