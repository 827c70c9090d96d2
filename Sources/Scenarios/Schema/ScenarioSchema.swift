import Foundation

/// The JSON Schema (draft 2020-12) of the scenario format, for editors (`cinesim schema`).
///
/// Built from the same key lists the loader enforces, so the two cannot drift apart. Value forms
/// (durations, rates, percentages, distributions) are strings with patterns.
public enum ScenarioSchema {
    /// One `<number><unit>` part of a duration, units as `DurationFormat` accepts them (d … ns).
    static let durationPart = "[0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h|d)"
    /// A whole duration: `0` or one or more parts (`1h30m`, `1.5s`, `2d`).
    static let durationPattern = "^(0|(\(durationPart))+)$"
    /// A budget window `start..end` with either side optional but not both (`2m..10m`, `..5m`,
    /// `7m10s..`), as `BudgetWindow.parse` accepts it.
    static let windowPattern = "^(?!\\.\\.$)((\(durationPart))+|0)?\\.\\.((\(durationPart))+|0)?$"
    static var duration: [String: Any] { ["type": "string", "pattern": durationPattern, "description": "A duration: 250ms, 1.5s, 2m, 1h30m, 1d"] }
    static var rate: [String: Any] { ["type": "string", "pattern": "^[0-9._]+ ?/ ?(ms|s|sec|m|min|h)$", "description": "A rate: 3000/s, 180/m"] }
    static var percent: [String: Any] { ["type": ["string", "number"], "pattern": "^[0-9.]+%?$", "description": "A percentage: 50%"] }
    static var distribution: [String: Any] { ["type": "string", "description": "A distribution: lognormal(median: 8ms, p99: 40ms), exponential(mean: 2s), constant(5ms), uniform(1ms, 3ms), empirical([...]) or a bare duration"] }
    static var integer: [String: Any] { ["type": ["integer", "string"]] }
    static var boolean: [String: Any] { ["type": ["boolean", "string"]] }
    static var text: [String: Any] { ["type": "string"] }

    static func object(_ properties: [String: Any], required: [String] = []) -> [String: Any] {
        var schema: [String: Any] = ["type": "object", "properties": properties, "additionalProperties": false]
        if !required.isEmpty { schema["required"] = required }
        return schema
    }

    static var node: [String: Any] {
        object(["instances": integer, "workers": integer, "queue": integer, "service_time": distribution, "zones": ["type": "array", "items": text]])
    }

    static var hystrix: [String: Any] {
        object(["timeout": duration, "timeout_enabled": boolean, "isolation": ["enum": HystrixSettings.Isolation.allCases.map(\.rawValue)],
                "max_concurrent_requests": integer, "thread_pool_size": integer, "thread_pool_queue": integer, "circuit_breaker_enabled": boolean,
                "request_volume_threshold": integer, "error_threshold_percentage": percent, "sleep_window": duration, "rolling_window": duration,
                "health_snapshot_interval": duration, "fallback_enabled": boolean])
    }

    static var ribbon: [String: Any] {
        object(["connect_timeout": duration, "read_timeout": duration, "max_auto_retries": integer, "max_auto_retries_next_server": integer,
                "ok_to_retry_on_all_operations": boolean, "server_list_refresh_interval": duration,
                "rule": ["enum": RibbonSettings.Rule.allCases.map(\.rawValue)]])
    }

    /// The schema as a dictionary.
    public static var document: [String: Any] {
        var topology: [String: Any] = ["zones": ["type": "array", "items": text]]
        for kind in InfrastructureKind.allCases { topology[kind.rawValue] = node }
        var services: [String: Any] = ["default": node]
        for id in ServiceCatalog.serviceIDs { services[id] = node }
        topology["services"] = object(services)
        var externals: [String: Any] = [:]
        for api in ServiceCatalog.externalAPIs { externals[api] = object(["latency": distribution, "rate_limit": rate]) }
        topology["externals"] = object(externals)
        topology["network"] = object(["same_zone": distribution, "cross_zone": distribution, "external": distribution])
        var shardKeys: [String: Any] = [:]
        for entry in ScenarioDecoder.shardKeyFields { shardKeys[entry.collection] = ["enum": entry.fields + entry.fields.map { "hashed(\($0))" }] }
        topology["store"] = object(["shards": integer, "replicas": integer, "shard_keys": object(shardKeys), "write_concern": ["enum": ["1", "majority", 1]],
                                    "service_time": distribution, "workers": integer, "queue": integer,
                                    "hold_strategy": ["enum": HoldStrategy.allCases.map(\.rawValue)],
                                    "purchase_ids": ["enum": PurchaseIDs.allCases.map(\.rawValue)],
                                    "driver": object(["heartbeat_frequency": duration, "rediscover_on_not_primary": boolean,
                                                      "retry_writes": boolean, "server_selection_timeout": duration, "socket_timeout": duration,
                                                      "read_preference": ["enum": DriverReadPreference.allCases.map(\.rawValue)]])])
        var perService: [String: Any] = [:]
        // The same ids the loader accepts under resilience.services (the gateway's oauth route included).
        for id in ServiceCatalog.serviceIDs + ServiceCatalog.externalAPIs + ["oauth"] { perService[id] = object(["hystrix": hystrix, "ribbon": ribbon]) }
        let resilience = object([
            "hystrix": hystrix, "ribbon": ribbon,
            "eureka": object(["lease_renewal_interval": duration, "lease_expiration_duration": duration, "registry_fetch_interval": duration,
                              "eviction_interval": duration, "response_cache_update_interval": duration, "use_read_only_response_cache": boolean,
                              "enable_self_preservation": boolean, "renewal_percent_threshold": percent, "stock_lease_expiry": boolean]),
            "gateway": object(["isolation": ["enum": HystrixSettings.Isolation.allCases.map(\.rawValue)], "max_semaphores": integer, "rate_limit": rate,
                               "stock_error_status": boolean, "retryable": boolean, "separate_thread_pools": boolean]),
            "oauth": object(["validation": ["enum": OAuthSettings.Validation.allCases.map(\.rawValue)], "access_token_lifetime": duration,
                             "introspection_cache_ttl": duration, "clock_skew_leeway": duration, "refresh_before_expiry": duration,
                             "introspection_failure": ["enum": OAuthSettings.IntrospectionFailure.allCases.map(\.rawValue)]]),
            "services": object(perService),
        ])
        var mix: [String: Any] = [:]
        for journey in Journey.allCases { mix[journey.mixKey] = percent }
        let workload = object([
            "model": ["enum": Workload.Model.allCases.map(\.rawValue)], "arrivals": ["enum": Workload.Arrivals.allCases.map(\.rawValue)],
            "start_rate": rate,
            "stages": ["type": "array", "items": object(["duration": duration, "target": rate], required: ["duration", "target"])],
            "spikes": ["type": "array", "items": object(["at": duration, "for": duration, "extra": rate], required: ["at", "for", "extra"])],
            "trace": ["type": "string", "description": "CSV file of 'seconds,rate_per_second' lines"],
            "users": integer, "think_time": distribution, "mix": object(mix),
            "flash_sale": object(["share": percent, "opens_at": duration], required: ["share"]),
            "client_timeout": duration, "edge_affinity": ["enum": Workload.EdgeAffinity.allCases.map(\.rawValue)], "retry": object(["probability": percent, "max": integer, "backoff": duration]),
            "attackers": object(["share": percent, "kinds": ["type": "array", "items": ["enum": AttackerKind.allCases.map(\.rawValue)]]]),
        ])
        let fault = object([
            "kind": ["enum": FaultKind.allCases.map(\.rawValue)], "target": text, "at": duration, "for": duration, "latency": duration,
            "jitter": duration, "rate": percent, "status": integer, "peer": text, "one_way": boolean, "skew": text, "factor": ["type": ["number", "string"]],
            "value": ["type": ["string", "number", "boolean"]], "appender": ["enum": ["blocking", "dropping"]], "rate_limit": rate,
        ], required: ["kind", "target", "at"])
        let expressions: [String: Any] = ["type": "array", "items": ["type": "string", "description": "k6-style: p(99)<800ms, availability>=99.5%, ==0"]]
        let expression: [String: Any] = ["type": "string", "description": "k6-style: p(99)<800ms, availability>=99.5%, ==0; inline options: during 2m..10m, abortOnFail, delayAbortEval=30s"]
        // Long form: cinesim's `checks` list or k6's `threshold`; k6's abortOnFail/delayAbortEval (snake case accepted).
        var longForm = object(["during": ["type": "string", "pattern": windowPattern, "description": "start..end, either side optional: 2m..10m, ..5m, 7m10s.."], "checks": ["oneOf": [expressions, expression]], "threshold": expression,
                               "abortOnFail": boolean, "abort_on_fail": boolean, "delayAbortEval": duration, "delay_abort_eval": duration])
        longForm["oneOf"] = [["required": ["checks"]], ["required": ["threshold"]]]
        let budget: [String: Any] = ["oneOf": [expressions, expression, longForm]]
        var budgets: [String: Any] = [:]
        for target in ServiceCatalog.budgetTargets { budgets[target] = budget }
        let properties: [String: Any] = [
            "extends": ["type": "string", "description": "A base scenario file (relative path) this one overrides"],
            "name": ["type": "string", "pattern": "^[A-Za-z0-9_-]+$"], "description": text, "seed": integer, "duration": duration, "warmup": duration,
            "environment": text, "defaults": ["enum": LibraryDefaults.allCases.map(\.rawValue)], "bucket": duration,
            "topology": object(topology),
            "catalog": object(["cines": integer, "salas_per_cine": integer, "rows_per_sala": integer, "seats_per_row": integer, "peliculas": integer,
                               "funciones_per_sala": integer, "clientes": integer]),
            "resilience": resilience,
            "properties": ["type": "object", "description": "Real Hystrix/Ribbon/Eureka/Zuul property keys; unmodelled keys are warned about",
                           "additionalProperties": ["type": ["string", "number", "boolean"]]],
            "workload": workload,
            "faults": ["type": "array", "items": fault],
            "budgets": object(budgets),
            "telemetry": object(["log_sample_rate": percent, "trace_sample_rate": percent, "max_traces": integer, "max_log_events": integer]),
            "sweep": ["type": "object", "additionalProperties": false, "description": "Used by 'cinesim sweep' (docs/sweeps.md)",
                      "properties": ["parameters": ["type": "object", "description": "--set key path → list of values",
                                                    "additionalProperties": ["type": "array", "minItems": 1, "items": ["type": ["string", "number", "boolean"]]]],
                                     "seeds": ["type": "integer", "minimum": 1]]],
        ]
        return ["$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://cinesim.dev/schema/scenario.json",
                "title": "cinesim scenario", "type": "object", "properties": properties,
                // A file that `extends:` another inherits name, duration and workload from it, so
                // the three are required only of a file without `extends`.
                "anyOf": [["required": ["extends"]], ["required": ["name", "duration", "workload"]]],
                "additionalProperties": false]
    }

    /// The schema as pretty-printed JSON with sorted keys (stable output).
    public static func json() -> String {
        let data = try! JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}
