import SimulationPrimitives

extension LoadBalancer {
    /// `RandomRule`: a uniform pick among the alive servers (§4.3), index `⌊random × alive⌋`.
    ///
    /// Ribbon draws the index over the *whole* list and reads the up list with it, which can loop or
    /// throw when some servers are down (a known quirk); cinesim draws over the alive servers only.
    /// An excluded pick moves to the next alive server.
    @usableFromInline mutating func chooseRandom(excluding: ServerID?, random: Double) -> ServerID? {
        eligibleScratch.removeAll(keepingCapacity: true)
        for i in servers.indices where alive[i] && servers[i].id != excluding { eligibleScratch.append(i) }
        guard !eligibleScratch.isEmpty else { return nil }
        let k = min(Int(random * Double(eligibleScratch.count)), eligibleScratch.count - 1)
        return servers[eligibleScratch[max(k, 0)]].id
    }
}
