/// The optional `sweep:` section: which scenario values `cinesim sweep` varies, and over how many
/// seeds (DESIGN §4, §7; guide: docs/sweeps.md).
///
/// ```yaml
/// sweep:
///   parameters:
///     workload.stages.0.target: [100/s, 200/s, 400/s]   # a --set path and its values
///     topology.services.compra-command.instances: [2, 4]
///   seeds: 3                                             # the scenario's seed, seed+1, seed+2 (default 1)
/// ```
/// A single `cinesim run` ignores this section (with a warning).
public struct SweepSpec: Sendable, Equatable {
    /// One varied value: a dotted `--set` path and the values it takes, as written (YAML text).
    public struct Parameter: Sendable, Equatable {
        public var path: String
        public var values: [String]
        public init(path: String, values: [String]) { self.path = path; self.values = values }
    }
    /// In file order; the first parameter varies slowest in the expanded grid.
    public var parameters: [Parameter]
    /// Seeds per grid point (`nil`: not written, the sweep command decides).
    public var seeds: Int?
    public init(parameters: [Parameter], seeds: Int?) { self.parameters = parameters; self.seeds = seeds }
}
