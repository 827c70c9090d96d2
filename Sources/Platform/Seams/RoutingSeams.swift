import SimulationPrimitives
import Scenarios

/// SEAM (balancing): the edge balancer's rule over frontend/gateway/OAuth/mongos instances.
///
/// DESIGN §1 names the edge balancer "round-robin balancing, client side, fault tolerant"
/// (Ribbon). Until `LoadBalancing`'s rules land in `main`, this is plain round-robin over the
/// instances that are up, which is that description's stated behaviour; the Ribbon rule replaces it.
enum EdgeRuleSeam {
    static func choose(among instances: [Int32], nodes: [SimNode], cursor: inout Int) -> Int32? {
        guard !instances.isEmpty else { return nil }
        for _ in 0..<instances.count {
            cursor = (cursor + 1) % instances.count
            let node = instances[cursor]
            if nodes[Int(node)].health == .up { return node }
        }
        return nil
    }

    /// Round robin with a cursor owned by node `owner` (read and written back, so the `nodes` array is
    /// never copied by an overlapping inout access).
    static func choose(among instances: [Int32], in simulation: PlatformSimulation, cursorOf owner: Int32) -> Int32? {
        var cursor = simulation.nodes[Int(owner)].cursor
        let choice = choose(among: instances, nodes: simulation.nodes, cursor: &cursor)
        simulation.nodes[Int(owner)].cursor = cursor
        return choice
    }

    static func choose(among instances: [Int32], nodes: [SimNode], cursor: inout Int32) -> Int32? {
        var position = Int(cursor)
        let choice = choose(among: instances, nodes: nodes, cursor: &position)
        cursor = Int32(position)
        return choice
    }
}

/// SEAM (store): mongos' shard targeting.
///
/// The real router is `ShardedStore`'s mongos (chunk ranges over the shard key). Until it lands in
/// `main`, an operation with a shard-key value goes to shard `hash(value) mod shards` (the domain's
/// seat inventories use the showtime id, so a flash sale on one funcion is hot on one shard); an
/// untargeted operation (no shard-key value) goes to a random shard instead of scatter-gather.
enum StoreRoutingSeam {
    static func shard(forKey key: Int64?, shards: Int, random: inout RandomStream) -> Int {
        guard let key else { return random.nextInt(below: shards) }
        var mixed = UInt64(bitPattern: key) &+ 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return Int(mixed % UInt64(shards))
    }
}
