import SimulationPrimitives

/// Which library's defaults a configuration starts from (DESIGN §10, "Which defaults").
///
/// cinesim models a Spring Cloud Netflix 2.2.x deployment, so `.springCloud` is the default and a
/// scenario's `defaults: netflix` selects `.netflix`, the raw Netflix libraries' values. The two
/// differ for Ribbon timeouts and for Zuul's Hystrix timeout and isolation
/// (reference/netflix-oss.md §4.1, §6.2, §6.3); for a plain Hystrix command they agree (§1.1).
public enum DefaultsProfile: String, Sendable, Equatable, CaseIterable {
    /// Spring Cloud Netflix 2.2.x defaults (the cinesim default).
    case springCloud
    /// The raw Netflix OSS libraries' defaults.
    case netflix
}
