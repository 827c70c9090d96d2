import SimulationPrimitives

extension LoadBalancer {
    /// `RoundRobinRule.choose` (reference/netflix-oss.md §4.3): up to 10 tries of
    /// `next = (counter + 1) % n` over **all** servers, accepting an alive one; nil if the list (or
    /// its alive part) is empty or 10 tries fail. The first pick of a fresh balancer is index 1.
    @usableFromInline mutating func chooseRoundRobin(excluding: ServerID?) -> ServerID? {
        chooseRoundRobinIndex(excluding: excluding).map { servers[$0].id }
    }

    /// ``chooseRoundRobin(excluding:)`` answering the index into ``servers``.
    @usableFromInline mutating func chooseRoundRobinIndex(excluding: ServerID?) -> Int? {
        let n = servers.count
        guard n > 0, alive.contains(true) else { return nil }
        for _ in 0..<10 {
            roundRobinCounter = (roundRobinCounter + 1) % n
            let i = roundRobinCounter
            if alive[i] && servers[i].id != excluding { return i }
        }
        return nil
    }

    /// `AbstractServerPredicate.incrementAndGetModulo`: returns the current value (if below
    /// `modulo`) and stores `(current + 1) % modulo`, so the first filtered pick is index 0.
    @usableFromInline mutating func nextPredicateIndex(modulo: Int) -> Int {
        while true {
            let current = predicateCounter
            predicateCounter = (current + 1) % modulo
            if current < modulo { return current }
        }
    }

    /// `chooseRoundRobinAfterFiltering` over the indices in `eligibleScratch`; nil when it is empty.
    @usableFromInline mutating func chooseFromEligible() -> ServerID? {
        guard !eligibleScratch.isEmpty else { return nil }
        return servers[eligibleScratch[nextPredicateIndex(modulo: eligibleScratch.count)]].id
    }
}
