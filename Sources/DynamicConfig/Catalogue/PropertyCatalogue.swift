/// The catalogue of real-library property keys cinesim models (Hystrix, Ribbon, Eureka, Zuul,
/// Archaius), with types, defaults, dynamism and sources. The scenario loader looks every key of a
/// scenario's `properties:` map up here and warns about the ones that are not modelled
/// (DESIGN §4: "never silently dropped").
///
/// ```swift
/// PropertyCatalogue.lookup("hystrix.command.compra-command.execution.isolation.thread.timeoutInMilliseconds")
/// // → descriptor (int, 1000, perCall, §1.1), placeholders ["compra-command"]
/// PropertyCatalogue.unmodelledKeys(["ribbon.ReadTimeout", "hystrix.command.x.foo"]) // ["hystrix.command.x.foo"]
/// ```
///
/// Matching is exact (case-sensitive), as Archaius looks keys up, except under `eureka.` and `zuul.`,
/// which Spring binds with relaxed names: `eureka.server.renewal-percent-threshold` matches
/// `eureka.server.renewalPercentThreshold` (case and `-`/`_` ignored).
public enum PropertyCatalogue {
    /// A successful lookup: the descriptor and the segments the placeholders matched, in order.
    public struct Match: Sendable, Hashable {
        /// The matching descriptor.
        public var descriptor: PropertyDescriptor
        /// Placeholder values (`["compra-command"]`); empty for a global key.
        public var placeholders: [String]
    }

    /// Every modelled key pattern.
    public static let entries: [PropertyDescriptor] = hystrixEntries + ribbonEntries + eurekaEntries + zuulEntries + archaiusEntries

    /// The descriptor matching `key`, if cinesim models it.
    public static func lookup(_ key: String) -> Match? {
        let segments = key.split(separator: ".", omittingEmptySubsequences: false)
        let relaxed = key.hasPrefix("eureka.") || key.hasPrefix("zuul.")
        for entry in entries {
            if let values = match(segments, entry.segments, relaxed: relaxed) { return Match(descriptor: entry, placeholders: values) }
            // `<client>.ribbon.X` also stands for the global `ribbon.X`.
            if entry.pattern.hasPrefix("<client>.ribbon."),
               let values = match(segments, Array(entry.segments.dropFirst()), relaxed: false) {
                return Match(descriptor: entry, placeholders: values)
            }
        }
        return nil
    }

    /// The keys of `keys` cinesim does not model, in the order given (for loader warnings).
    public static func unmodelledKeys(_ keys: [String]) -> [String] { keys.filter { lookup($0) == nil } }

    static func match(_ key: [Substring], _ pattern: [Substring], relaxed: Bool) -> [String]? {
        guard key.count == pattern.count else { return nil }
        var values: [String] = []
        for (k, p) in zip(key, pattern) {
            if p.first == "<" && p.last == ">" {
                if k.isEmpty { return nil }
                values.append(String(k))
            } else if relaxed ? normalised(k) != normalised(p) : k != p {
                return nil
            }
        }
        return values
    }

    static func normalised(_ s: Substring) -> String { s.lowercased().filter { $0 != "-" && $0 != "_" } }
}
