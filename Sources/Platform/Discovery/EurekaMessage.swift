import ServiceDiscovery

/// A Eureka request travelling as a call: a client's write or fetch, or a server's replication to
/// a peer, with the server's answer once processed.
struct EurekaMessage {
    var request: EurekaClient.Request
    /// The node whose `EurekaClient` sent it (-1 for a replication between servers).
    var clientNode: Int32
    var isReplication: Bool
    var reply: RegistryReply? = nil
    var fetch: EurekaClient.FetchResponse? = nil
}
