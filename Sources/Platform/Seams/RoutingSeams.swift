import SimulationPrimitives
import Scenarios

/// SEAM (balancing): the edge balancer's rule over frontend/gateway/OAuth/mongos instances.
///
/// DESIGN §1 names the edge balancer "round-robin balancing, client side, fault tolerant"
/// (Ribbon). Until `LoadBalancing`'s rules land in `main`, this is plain round-robin over the
/// instances that are up, which is that description's stated behaviour; the Ribbon rule replaces it.
enum EdgeRuleSeam {
    /// `nodes` is the simulation's node table, borrowed in place (round 7: a `[SimNode]` parameter
    /// kept `nodes` an `Array`, whose every write checked uniqueness).
    static func choose(among instances: [Int32], nodes: borrowing DenseTable<SimNode>, cursor: inout Int) -> Int32? {
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

    static func choose(among instances: [Int32], nodes: borrowing DenseTable<SimNode>, cursor: inout Int32) -> Int32? {
        var position = Int(cursor)
        let choice = choose(among: instances, nodes: nodes, cursor: &position)
        cursor = Int32(position)
        return choice
    }
}
