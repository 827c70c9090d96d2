import ArgumentParser

/// Parsing of `--seed`-like options. They are declared with `parsing: .unconditional` so a value
/// that starts with a dash (`--seed -1`) reaches this parser and gets a message about seeds,
/// instead of argument-parser's "Missing value for '--seed <seed>'" (it otherwise reads `-1` as an
/// option name).
enum SeedArgument {
    /// A root seed: a whole number 0…18446744073709551615 (UInt64; the seed feeds SplitMix64).
    /// - Throws: `ValidationError` naming the accepted range.
    static func parse(_ text: String) throws -> UInt64 {
        if let value = UInt64(text) { return value }
        if text.hasPrefix("-"), Int64(text) != nil {
            throw ValidationError("a seed cannot be negative; use a whole number 0…\(UInt64.max), e.g. --seed 1")
        }
        throw ValidationError("a seed is a whole number 0…\(UInt64.max), e.g. --seed 42")
    }
}
