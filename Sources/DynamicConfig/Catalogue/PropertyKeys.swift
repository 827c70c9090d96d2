/// Builders for real property keys, so code never spells a key by hand.
public enum PropertyKeys {
    /// `hystrix.command.<commandKey>.<suffix>`, e.g. `hystrixCommand("compra-command",
    /// "execution.isolation.thread.timeoutInMilliseconds")`; `commandKey` `default` is the global fallback.
    public static func hystrixCommand(_ commandKey: String, _ suffix: String) -> String { "hystrix.command.\(commandKey).\(suffix)" }
    /// `hystrix.threadpool.<threadPoolKey>.<suffix>`.
    public static func hystrixThreadPool(_ threadPoolKey: String, _ suffix: String) -> String { "hystrix.threadpool.\(threadPoolKey).\(suffix)" }
    /// `<client>.ribbon.<key>` (or the global `ribbon.<key>` when `client` is nil).
    public static func ribbon(_ client: String?, _ key: String) -> String { client.map { "\($0).ribbon.\(key)" } ?? "ribbon.\(key)" }
    /// `eureka.server.<key>`.
    public static func eurekaServer(_ key: String) -> String { "eureka.server.\(key)" }
    /// `eureka.client.<key>`.
    public static func eurekaClient(_ key: String) -> String { "eureka.client.\(key)" }
    /// `eureka.instance.<key>`.
    public static func eurekaInstance(_ key: String) -> String { "eureka.instance.\(key)" }

    /// The Hystrix lookup chain for `suffix` (§1.1): the instance key first, then `default`.
    /// Read the first that ``DynamicConfiguration/string(forKey:)`` holds.
    public static func hystrixCommandChain(_ commandKey: String, _ suffix: String) -> [String] {
        [hystrixCommand(commandKey, suffix), hystrixCommand("default", suffix)]
    }

    /// The Ribbon lookup chain: `<client>.ribbon.<key>`, then `ribbon.<key>`.
    public static func ribbonChain(_ client: String, _ key: String) -> [String] { [ribbon(client, key), ribbon(nil, key)] }
}
