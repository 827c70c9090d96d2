/// When a component reads a property, and so when a runtime change takes effect.
public enum PropertyDynamism: String, Sendable, Hashable, CaseIterable {
    /// Read on every use (Archaius `DynamicProperty` get): a change applies to the next call.
    /// Hystrix command properties are read this way (reference/netflix-oss.md §1.1).
    case perCall
    /// Captured when the component (command, pool, stream, timer) is built: a change applies only
    /// after a rebuild. E.g. Hystrix `maxQueueSize` (§1.2), the Zuul semaphore size (§7.2), rolling
    /// window sizes (the metric streams are created once), timer intervals (scheduled once).
    case atConstruction
}

/// One known (modelled) property key pattern of the real libraries.
///
/// Patterns are dot-separated; a `<placeholder>` segment matches exactly one segment (a command,
/// thread-pool, client or service id). `<client>.ribbon.X` also matches the global `ribbon.X`.
public struct PropertyDescriptor: Sendable, Hashable {
    /// The key pattern, e.g. `hystrix.command.<commandKey>.circuitBreaker.requestVolumeThreshold`.
    public var pattern: String
    /// The value type.
    public var kind: PropertyKind
    /// The default in a Spring Cloud Netflix 2.2.x deployment (cinesim's default, DESIGN §10);
    /// nil when there is none (a derived value, see ``note``).
    public var springCloudDefault: String?
    /// The raw Netflix library default (`defaults: netflix`).
    public var netflixDefault: String?
    /// When a change takes effect.
    public var dynamism: PropertyDynamism
    /// Where the fact comes from (`reference/netflix-oss.md §…`).
    public var reference: String
    /// What cinesim does with it, or why its default is special.
    public var note: String

    /// A descriptor; `netflixDefault` defaults to the Spring Cloud one.
    public init(_ pattern: String, _ kind: PropertyKind, spring: String?, netflix: String? = nil,
                _ dynamism: PropertyDynamism, _ reference: String, _ note: String = "") {
        self.pattern = pattern
        self.kind = kind
        springCloudDefault = spring
        netflixDefault = netflix ?? spring
        self.dynamism = dynamism
        self.reference = reference
        self.note = note
    }

    /// The pattern's segments.
    var segments: [Substring] { pattern.split(separator: ".", omittingEmptySubsequences: false) }
}
