/// The layers of a ``DynamicConfiguration``, lowest precedence first: a key's effective value is
/// the one of the highest layer that holds it.
///
/// cinesim's layering (DESIGN §4, the seed's "per-environment config, hot reload"): code defaults <
/// environment (dev/test/prod) < scenario file < runtime overrides (pushed or polled changes).
/// Archaius itself orders *configurations* in a composite (first one holding the key wins) with
/// `setOverrideProperty` values above all (reference/netflix-oss.md §7.1); this enum is that order,
/// written lowest first.
public enum ConfigLayer: Int, CaseIterable, Comparable, Sendable, CustomStringConvertible {
    /// Values compiled in: the real libraries' defaults (reference/netflix-oss.md).
    case codeDefault = 0
    /// The environment layer (`dev`, `test`, `prod`).
    case environment = 1
    /// The scenario file's `properties:` map.
    case scenario = 2
    /// Runtime changes: a config push or a polled source (`config change` faults).
    case runtimeOverride = 3

    public static func < (a: ConfigLayer, b: ConfigLayer) -> Bool { a.rawValue < b.rawValue }

    /// `code-default`, `environment`, `scenario`, `runtime-override`.
    public var description: String {
        switch self {
        case .codeDefault: "code-default"
        case .environment: "environment"
        case .scenario: "scenario"
        case .runtimeOverride: "runtime-override"
        }
    }
}
