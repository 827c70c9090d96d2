/// Decoding of the optional `sweep:` section (docs/sweeps.md).
extension ScenarioDecoder {
    /// - Throws: ``ScenarioError`` for unknown keys, a parameter without values, or seeds < 1.
    func decodeSweep(_ node: SourceNode?) throws(ScenarioError) -> SweepSpec? {
        guard let node else { return nil }
        let reader = try MappingReader(node, path: "sweep", allowed: ["parameters", "seeds"])
        var parameters: [SweepSpec.Parameter] = []
        if let parametersNode = reader["parameters"] {
            let list = try MappingReader(parametersNode, path: "sweep.parameters", allowed: nil)
            for entry in list.all {
                let values = try entry.value.stringList("sweep.parameters.\(entry.key)")
                if values.isEmpty {
                    throw ScenarioError(at: entry.value.location, "'sweep.parameters.\(entry.key)' has no values", fix: "write e.g. [100/s, 200/s]")
                }
                parameters.append(.init(path: entry.key, values: values))
            }
        }
        let seeds = try reader["seeds"]?.int("sweep.seeds", minimum: 1, maximum: 100_000)
        return SweepSpec(parameters: parameters, seeds: seeds)
    }
}
