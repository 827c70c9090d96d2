/// Which set of defaults a Ribbon client starts from (DESIGN §10, "Which defaults").
///
/// cinesim models a Spring Cloud Netflix 2.2.x deployment, so ``springCloud`` is the default;
/// ``netflix`` selects the raw Netflix library defaults. They differ only in `ConnectTimeout`,
/// `ReadTimeout` and the rule (reference/netflix-oss.md §4.1).
public enum RibbonDefaults: String, Sendable, CaseIterable {
    /// Spring Cloud Netflix: connect 1000 ms, read 1000 ms, `ZoneAvoidanceRule`.
    case springCloud
    /// Raw Netflix ribbon 2.x: connect 2000 ms, read 5000 ms, `AvailabilityFilteringRule`.
    case netflix
}
