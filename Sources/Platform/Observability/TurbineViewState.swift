import Resilience
import Telemetry

/// What the per-bucket Turbine cluster view keeps from one bucket to the next.
///
/// Turbine itself keeps a running state per (command, instance) (reference/netflix-oss.md §2.3);
/// so does this view: `aggregator` holds every command's latest counters object, replaced each
/// bucket. Because commands are only ever added (`PlatformSimulation.commands` grows as call
/// stacks are first used) and every command reports at every bucket, the aggregator holds exactly
/// what a fresh one fed with this bucket's objects would hold. The rest are lookups the view used
/// to rebuild per bucket: each command's name slot, the names in sorted order, and the four
/// `turbine_*` series of each name (created on first use).
struct TurbineViewState {
    var aggregator = TurbineAggregator()
    /// Per entry of `PlatformSimulation.commands` (same index): the slot of its command key.
    var nameSlotOfCommand: [Int] = []
    /// Command keys by slot, in first-seen order, and the slot of each key (lookups only).
    var names: [String] = []
    var slotOfName: [String: Int] = [:]
    /// Slots ordered by command key (String `<`): the order the view writes its series in.
    var slotsByName: [Int] = []
    /// Per slot, its series `[request count, error percent, reporting hosts, open hosts]`.
    var series: [[BucketSeriesHandle]?] = []
    /// Per slot, how many instances report an open circuit in the bucket being closed.
    var openHosts: [Int] = []

    /// Gives every command past `nameSlotOfCommand.count` (of `keys`, the commands' keys in
    /// order) its name slot, creating slots for keys not seen before.
    mutating func register<Keys: Collection<String>>(newCommandKeys keys: Keys) {
        for key in keys {
            if let slot = slotOfName[key] { nameSlotOfCommand.append(slot); continue }
            let slot = names.count
            slotOfName[key] = slot
            names.append(key)
            series.append(nil)
            openHosts.append(0)
            let position = slotsByName.firstIndex { names[$0] > key } ?? slotsByName.count
            slotsByName.insert(slot, at: position)
            nameSlotOfCommand.append(slot)
        }
    }
}
