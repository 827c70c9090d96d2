import Testing
import SimulationPrimitives
@testable import Gateway

/// Reference netflix-oss.md §6.3 (AbstractRibbonCommand) and case F02.
@Suite("Hystrix timeout vs Ribbon budget (case F02)")
struct TimeoutBudgetTests {
    @Test func springCloudDefaultsGive4000ms() {
        let timeout = EffectiveCommandTimeout.resolve(.springCloud, defaultHystrixTimeout: nil, defaults: .springCloud)
        #expect(timeout.ribbonTimeout == .milliseconds(4_000)) // (1000+1000)×1×2
        #expect(timeout.hystrixTimeout == .milliseconds(4_000))
        #expect(timeout.source == .ribbonBudget)
        #expect(!timeout.isBelowRibbonBudget)
    }

    @Test func pullRequest2645Example() {
        // connect 500 ms + read 100 ms, 1 same-server and 1 next-server retry → 2,400 ms.
        let settings = RibbonClientSettings(connectTimeout: .milliseconds(500), readTimeout: .milliseconds(100), maxAutoRetries: 1, maxAutoRetriesNextServer: 1)
        #expect(settings.ribbonTimeout == .milliseconds(2_400))
    }

    @Test func caseF02ConfigurationWarns() throws {
        var configuration = GatewayConfiguration(authentication: .localJWT(GatewayFixture().validator()))
        configuration.ribbonSettings["funcion-query"] = RibbonClientSettings(connectTimeout: .milliseconds(1_000), readTimeout: .milliseconds(5_000),
                                                                            maxAutoRetries: 0, maxAutoRetriesNextServer: 1,
                                                                            hystrixTimeout: .milliseconds(1_000))
        let warnings = ZuulGateway(configuration: configuration).warnings
        #expect(warnings == [.hystrixTimeoutBelowRibbonBudget(serviceID: "funcion-query", hystrixTimeout: .milliseconds(1_000),
                                                              ribbonTimeout: .milliseconds(12_000))])
        #expect(warnings[0].description == "The Hystrix timeout of 1000ms for the command funcion-query is set lower than the combination of the Ribbon read and connect timeout, 12000ms.")
    }

    @Test func precedenceCommandThenDefaultThenBudget() {
        var settings = RibbonClientSettings.springCloud
        #expect(EffectiveCommandTimeout.resolve(settings, defaultHystrixTimeout: .milliseconds(6_000), defaults: .springCloud).source == .defaultProperty)
        settings.hystrixTimeout = .milliseconds(5_000)
        let resolved = EffectiveCommandTimeout.resolve(settings, defaultHystrixTimeout: .milliseconds(6_000), defaults: .springCloud)
        #expect(resolved.hystrixTimeout == .milliseconds(5_000))
        #expect(resolved.source == .commandProperty)
    }

    @Test func netflixDefaultsUseTheHystrixDefaultAndWarnEverywhere() {
        let configuration = GatewayConfiguration(authentication: .localJWT(GatewayFixture().validator()), defaults: .netflix)
        let timeout = configuration.commandTimeout(for: "compra-command")
        #expect(timeout.hystrixTimeout == .milliseconds(1_000))
        #expect(timeout.ribbonTimeout == .milliseconds(14_000)) // (2000+5000)×1×2
        #expect(configuration.warnings.count == 19)
    }
}
