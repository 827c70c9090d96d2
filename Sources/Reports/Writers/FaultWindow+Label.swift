import Telemetry

extension FaultWindow {
    /// How summary.md and report.html name a fault's target: the whole `target` string as the
    /// platform recorded it. A partition needs both sides to be told apart; when `target` holds
    /// only one side (no `↔`, `<->` or `,` separating a peer), the label says the peer was not
    /// recorded instead of printing two indistinguishable lines.
    /// The platform should write a partition's target as `<target> ↔ <peer>` (`→` for one-way).
    var reportTargetLabel: String {
        guard kind == "partition" else { return target }
        let separators = ["↔", "→", "<->", "->", ","]
        return separators.contains(where: target.contains) ? target : "\(target) ↔ (peer not recorded)"
    }
}
