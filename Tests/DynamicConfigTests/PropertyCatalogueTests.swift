import Testing
@testable import DynamicConfig
import Foundation

/// The catalogue of modelled keys: defaults from reference/netflix-oss.md §1.1, §1.2, §4.1, §5.1,
/// §6.2, §7.1; dynamism from §1.1, §1.2, §7.2.
@Suite struct PropertyCatalogueTests {
    @Test func hystrixKeysMatchWithTheirCommandKey() throws {
        let m = try #require(PropertyCatalogue.lookup("hystrix.command.compra-command.execution.isolation.thread.timeoutInMilliseconds"))
        #expect(m.placeholders == ["compra-command"])
        #expect(m.descriptor.kind == .int)
        #expect(m.descriptor.springCloudDefault == "1000")
        #expect(m.descriptor.dynamism == .perCall)
        let global = try #require(PropertyCatalogue.lookup("hystrix.command.default.circuitBreaker.requestVolumeThreshold"))
        #expect(global.placeholders == ["default"] && global.descriptor.springCloudDefault == "20")
    }

    @Test func constructionTimePropertiesAreMarked() throws {
        #expect(PropertyCatalogue.lookup("hystrix.threadpool.RibbonCommand.maxQueueSize")?.descriptor.dynamism == .atConstruction)
        #expect(PropertyCatalogue.lookup("hystrix.threadpool.RibbonCommand.coreSize")?.descriptor.dynamism == .perCall)
        #expect(PropertyCatalogue.lookup("zuul.semaphore.maxSemaphores")?.descriptor.dynamism == .atConstruction)
        #expect(PropertyCatalogue.lookup("zuul.eureka.compra-command.semaphore.maxSemaphores")?.descriptor.springCloudDefault == "100")
        #expect(PropertyCatalogue.lookup("hystrix.command.x.circuitBreaker.forceOpen")?.descriptor.dynamism == .perCall)
    }

    @Test func ribbonKeysPerClientAndGlobalWithBothDefaults() throws {
        let perClient = try #require(PropertyCatalogue.lookup("compra-command.ribbon.ReadTimeout"))
        #expect(perClient.placeholders == ["compra-command"])
        #expect(perClient.descriptor.springCloudDefault == "1000" && perClient.descriptor.netflixDefault == "5000")
        let global = try #require(PropertyCatalogue.lookup("ribbon.ConnectTimeout"))
        #expect(global.placeholders.isEmpty)
        #expect(global.descriptor.springCloudDefault == "1000" && global.descriptor.netflixDefault == "2000")
        #expect(PropertyCatalogue.lookup("ribbon.MaxAutoRetriesNextServer")?.descriptor.springCloudDefault == "1")
        #expect(PropertyCatalogue.lookup("ribbon.NFLoadBalancerRuleClassName")?.descriptor.netflixDefault == "com.netflix.loadbalancer.AvailabilityFilteringRule")
    }

    @Test func eurekaAndZuulKeysBindRelaxed() {
        #expect(PropertyCatalogue.lookup("eureka.server.renewalPercentThreshold")?.descriptor.springCloudDefault == "0.85")
        #expect(PropertyCatalogue.lookup("eureka.server.renewal-percent-threshold")?.descriptor.pattern == "eureka.server.renewalPercentThreshold")
        #expect(PropertyCatalogue.lookup("eureka.server.eviction-interval-timer-in-ms")?.descriptor.springCloudDefault == "60000")
        #expect(PropertyCatalogue.lookup("zuul.ribbon-isolation-strategy")?.descriptor.springCloudDefault == "SEMAPHORE")
        // Archaius keys are case-sensitive.
        #expect(PropertyCatalogue.lookup("ribbon.readtimeout") == nil)
    }

    @Test func unmodelledKeysAreListedInOrder() {
        let keys = ["ribbon.ReadTimeout", "hystrix.command.x.foo", "eureka.server.waitTimeInMsWhenSyncEmpty", "zuul.retryable", "x"]
        #expect(PropertyCatalogue.unmodelledKeys(keys) == ["hystrix.command.x.foo", "eureka.server.waitTimeInMsWhenSyncEmpty", "x"])
    }

    @Test func everyDefaultParsesAsItsKindAndPatternsAreUnique() {
        var seen: Set<String> = []
        for e in PropertyCatalogue.entries {
            #expect(seen.insert(e.pattern).inserted, "duplicate \(e.pattern)")
            for d in [e.springCloudDefault, e.netflixDefault].compactMap({ $0 }) {
                #expect(ParsedValue.parse(d, as: e.kind) != nil, "\(e.pattern) default \(d)")
            }
            #expect(e.reference.hasPrefix("§"))
        }
        #expect(PropertyCatalogue.entries.count == 76)
    }

    @Test func everyCatalogueDefaultRegistersAsATypedProperty() throws {
        let config = DynamicConfiguration()
        for e in PropertyCatalogue.entries {
            let key = e.pattern.replacingOccurrences(of: "<commandKey>", with: "default")
                .replacingOccurrences(of: "<threadPoolKey>", with: "RibbonCommand")
                .replacingOccurrences(of: "<client>", with: "compra-command")
                .replacingOccurrences(of: "<serviceId>", with: "compra-command")
            #expect(PropertyCatalogue.lookup(key)?.descriptor == e, "\(key)")
            let text = try #require(e.springCloudDefault)
            switch e.kind {
            case .int: #expect(config.value(of: try config.property(key, default: Int(text)!)) == Int(text)!)
            case .double: #expect(config.value(of: try config.property(key, default: Double(text)!)) == Double(text)!)
            case .bool: #expect(config.value(of: try config.property(key, default: text == "true")) == (text == "true"))
            case .string: #expect(config.value(of: try config.property(key, default: text)) == text)
            }
        }
    }

    @Test func hystrixAndRibbonLookupChains() {
        #expect(PropertyKeys.hystrixCommandChain("funcion-query", "circuitBreaker.sleepWindowInMilliseconds") ==
                ["hystrix.command.funcion-query.circuitBreaker.sleepWindowInMilliseconds", "hystrix.command.default.circuitBreaker.sleepWindowInMilliseconds"])
        #expect(PropertyKeys.ribbonChain("compra-command", "MaxAutoRetriesNextServer") ==
                ["compra-command.ribbon.MaxAutoRetriesNextServer", "ribbon.MaxAutoRetriesNextServer"])
        #expect(PropertyKeys.eurekaServer("renewalPercentThreshold") == "eureka.server.renewalPercentThreshold")
    }
}
