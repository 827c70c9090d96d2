import SimulationPrimitives
import Scenarios
import Telemetry
import CinemaDomain

/// Purchase identity and retried writes (case F13, github.com/sboesebeck/morphium/issues/359,
/// github.com/spring-cloud/spring-cloud-netflix/pull/2209).
///
/// The client names each purchase with a key (the session's purchase id). With
/// `topology.store.purchase_ids: idempotency-key` that key is the purchase `_id` (unique index), so
/// a retried hold finds its own purchase and replays the original answer. With
/// `server-generated`, compra-command assigns a fresh id every time it executes a hold, so a POST
/// the gateway or the user retries after a lost answer is a new purchase: it duplicates the order
/// or, with atomic holds, loses to the first attempt's hold of the same seats (409) while that
/// booking exists — a false failure.
struct PurchaseLedger {
    /// Server-generated purchase id → the client's key (lookups only).
    var clientKeyOfPurchase: [Int64: Int64] = [:]
    /// Client key → the id the latest execution assigned (what the client's next steps name).
    var latestPurchaseOfKey: [Int64: Int64] = [:]
    /// Client keys of hold requests whose client saw a failure, in order.
    var failedHoldKeys: [Int64] = []
    /// Extra attempts gateways made for non-idempotent requests (POST/PUT retried by Ribbon).
    var gatewayWriteRetries = 0
}

extension PlatformSimulation {
    /// The command compra-command executes for `command`: with server-generated ids a hold gets a
    /// fresh purchase id (remembered against the client's key).
    func assignPurchaseID(_ command: Command) -> Command {
        guard scenario.topology.store.purchaseIDs == .serverGenerated,
              case .holdSeats(let key, let showtime, let seats) = command else { return command }
        let id = freshID()
        purchaseLedger.clientKeyOfPurchase[id] = key.rawValue
        purchaseLedger.latestPurchaseOfKey[key.rawValue] = id
        return .holdSeats(purchaseId: PurchaseID(id), showtimeId: showtime, seats: seats)
    }

    /// The purchase id the client's pay/confirm names: its key, or the id the server assigned last.
    func purchaseID(forClientKey key: Int64) -> PurchaseID {
        PurchaseID(purchaseLedger.latestPurchaseOfKey[key] ?? key)
    }

    /// A client's hold request ended without success (after its own retries).
    func noteFailedHold(clientKey: Int64) {
        if clientKey != 0 { purchaseLedger.failedHoldKeys.append(clientKey) }
    }

    /// A gateway's call stack made `attempts` attempts for a request on `route`.
    func noteGatewayAttempts(route: Int16, attempts: Int) {
        if !routeTable[route].isRead && attempts > 1 { purchaseLedger.gatewayWriteRetries += attempts - 1 }
    }

    /// `duplicate_purchases` = purchases − distinct client keys; `false_failures` = holds the client
    /// saw fail although a purchase for its key was stored; `gateway_write_retries`.
    func purchaseLedgerMetrics() -> [PlatformMetric] {
        // The client key of every stored purchase, sorted: distinct keys and the failed holds'
        // look-ups without a dictionary entry per purchase (it was the largest allocation at the
        // end of a long run, when memory peaks: issue 6).
        var keys = documentStore.keys(.purchases)
        let purchases = keys.count
        if !purchaseLedger.clientKeyOfPurchase.isEmpty {
            for i in keys.indices { keys[i] = purchaseLedger.clientKeyOfPurchase[keys[i]] ?? keys[i] }
            keys.sort()
        }
        var distinct = 0
        for i in keys.indices where i == 0 || keys[i] != keys[i - 1] { distinct += 1 }
        let falseFailures = purchaseLedger.failedHoldKeys.reduce(0) { count, key in
            var lo = 0, hi = keys.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if keys[mid] < key { lo = mid + 1 } else { hi = mid }
            }
            return count + (lo < keys.count && keys[lo] == key ? 1 : 0)
        }
        return [
            PlatformMetric(name: "duplicate_purchases", value: Double(purchases - distinct)),
            PlatformMetric(name: "false_failures", value: Double(falseFailures)),
            PlatformMetric(name: "gateway_write_retries", value: Double(purchaseLedger.gatewayWriteRetries)),
        ]
    }
}
