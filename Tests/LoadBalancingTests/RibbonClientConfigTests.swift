import Testing
import SimulationPrimitives
@testable import LoadBalancing

/// Defaults from reference/netflix-oss.md §4.1–§4.3 and the budget formula of §6.3.
@Suite struct RibbonClientConfigTests {
    @Test func springCloudDefaults() {
        let c = RibbonClientConfig()
        #expect(c.connectTimeout == .milliseconds(1_000))
        #expect(c.readTimeout == .milliseconds(1_000))
        #expect(c.maxAutoRetries == 0)
        #expect(c.maxAutoRetriesNextServer == 1)
        #expect(c.okToRetryOnAllOperations == false)
        #expect(c.serverListRefreshInterval == .seconds(30))
        #expect(c.serverListRefreshInitialDelay == .seconds(1))
        #expect(c.rule == .zoneAvoidance)
        #expect(c.connectionFailureCountThreshold == 3)
        #expect(c.circuitTripTimeoutFactor == .seconds(10))
        #expect(c.circuitTripMaxTimeout == .seconds(30))
        #expect(c.activeRequestsCountEffectiveWindow == .seconds(600))
        #expect(c.serverWeightTaskTimerInterval == .seconds(30))
        #expect(c.triggeringLoadPerServerThreshold == 0.2)
        #expect(c.avoidZoneWithBlackoutPercentage == 0.99999)
        #expect(c.effectiveActiveConnectionsLimit == Int.max)
        // (1000 + 1000) × 1 × 2 = 4000 ms (§6.3 [derived]).
        #expect(c.maxAttempts == 2)
        #expect(c.ribbonTimeoutBudget == .milliseconds(4_000))
    }

    @Test func netflixDefaultsDifferOnlyWhereTheReferenceSays() {
        let n = RibbonClientConfig(defaults: .netflix)
        #expect(n.connectTimeout == .milliseconds(2_000))
        #expect(n.readTimeout == .milliseconds(5_000))
        #expect(n.rule == .availabilityFiltering)
        var s = RibbonClientConfig()
        s.connectTimeout = n.connectTimeout; s.readTimeout = n.readTimeout; s.rule = n.rule
        #expect(s == n)
        // (2000 + 5000) × 2 = 14 000 ms.
        #expect(n.ribbonTimeoutBudget == .milliseconds(14_000))
    }

    @Test func budgetOfTheF02PullRequestExample() {
        // Connect 500 + read 100, one same-server and one next-server retry: 2400 ms (failure case F02).
        var c = RibbonClientConfig()
        c.connectTimeout = .milliseconds(500); c.readTimeout = .milliseconds(100)
        c.maxAutoRetries = 1; c.maxAutoRetriesNextServer = 1
        #expect(c.maxAttempts == 4)
        #expect(c.ribbonTimeoutBudget == .milliseconds(2_400))
    }

    @Test func ruleClassNamesRoundTrip() {
        for rule in LoadBalancingRule.allCases {
            #expect(LoadBalancingRule(ribbonClassName: rule.ribbonClassName) == rule)
        }
        #expect(LoadBalancingRule(ribbonClassName: "ZoneAvoidanceRule") == .zoneAvoidance)
        #expect(LoadBalancingRule(ribbonClassName: "com.netflix.loadbalancer.RetryRule") == nil)
    }
}
