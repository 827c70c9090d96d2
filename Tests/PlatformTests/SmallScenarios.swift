import Scenarios

/// Small scenarios sized for debug builds: two zones, a tiny catalogue, tens of requests per second.
enum SmallScenarios {
    static func yaml(duration: String = "20s", rate: String = "100/s", seed: Int = 11, extra: String = "") -> String {
        """
        name: small
        seed: \(seed)
        duration: \(duration)
        warmup: 2s
        topology:
          zones: [zone-a, zone-b]
          services:
            default: {instances: 2, workers: 4, queue: 32, service_time: "exponential(mean: 4ms)"}
        catalog: {cines: 2, salas_per_cine: 2, funciones_per_sala: 2, clientes: 500}
        workload:
          start_rate: \(rate)
          stages:
            - {duration: \(duration), target: \(rate)}
          think_time: "exponential(mean: 300ms)"
          client_timeout: 10s
        \(extra)
        """
    }

    static func load(_ text: String) throws -> Scenario {
        try ScenarioLoader.load(yaml: text, file: "small.yaml")
    }
}
