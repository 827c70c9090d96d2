import SimulationPrimitives

extension LoadBalancer {
    /// The weight task of `WeightedResponseTimeRule` (§4.3): `total = Σ avgRT_i`,
    /// `weight_i = total − avgRT_i`, stored cumulatively (`acc_i = Σ_{j≤i} weight_j`). `avgRT` is the
    /// cumulative mean in ms (§4.2).
    @usableFromInline mutating func recomputeWeights() {
        accumulatedWeights.removeAll(keepingCapacity: true)
        var total = 0.0
        for i in servers.indices { total += stats[statsIndex[i]].responseTimeAverageMilliseconds }
        var soFar = 0.0
        for i in servers.indices {
            soFar += total - stats[statsIndex[i]].responseTimeAverageMilliseconds
            accumulatedWeights.append(soFar)
        }
    }

    /// `WeightedResponseTimeRule.choose` (§4.3): `r = random × acc_last`, the first `i` with
    /// `acc_i ≥ r`. Falls back to round robin when `acc_last < 0.001` or the weights are stale (their
    /// count differs from the server count; one server always has weight 0).
    ///
    /// Ribbon re-draws until the pick is alive; cinesim has one draw per choice, so a dead or
    /// excluded pick falls back to round robin.
    @usableFromInline mutating func chooseWeightedResponseTime(excluding: ServerID?, random: Double) -> ServerID? {
        guard let last = accumulatedWeights.last, last >= 0.001, accumulatedWeights.count == servers.count else {
            return chooseRoundRobin(excluding: excluding)
        }
        let target = random * last
        var index = accumulatedWeights.count - 1
        for (i, acc) in accumulatedWeights.enumerated() where acc >= target { index = i; break }
        if alive[index] && servers[index].id != excluding { return servers[index].id }
        return chooseRoundRobin(excluding: excluding)
    }
}
