import CinemaDomain

/// The names a scenario may refer to: the 18 CQRS services, their routes, journeys and platform
/// metrics (DESIGN §1, §10 "Route names in budgets").
///
/// Routes come from `CinemaDomain`'s route table (`Endpoint.routeName`, e.g.
/// `POST /api/compras/{id}/confirmar`), plus the OAuth server's and the frontend's.
public enum ServiceCatalog {
    /// The nine resources and their Django REST Framework plural paths (DESIGN §1).
    public static let resources: [(resource: String, plural: String)] = [
        ("usuario", "usuarios"), ("encargado", "encargados"), ("cliente", "clientes"), ("compra", "compras"),
        ("funcion", "funciones"), ("pelicula", "peliculas"), ("sala", "salas"), ("cine", "cines"), ("cadena", "cadenas"),
    ]

    /// The 18 service ids, command then query per resource, in ``resources`` order.
    public static let serviceIDs: [String] = resources.flatMap { ["\($0.resource)-command", "\($0.resource)-query"] }

    /// Routes `METHOD /path` with the service that owns them: every `CinemaDomain.Endpoint`
    /// (in its declaration order), then the OAuth server's token and introspection endpoints and
    /// the frontend's page.
    public static let routes: [(route: String, serviceID: String)] = Endpoint.allCases.map { ($0.routeName, $0.serviceId) }
        + [("POST /oauth/token", "oauth"), ("POST /oauth/introspect", "oauth"), ("GET /", "frontend")]

    /// External APIs of the seed plus the payment provider (cases/failure-cases.md mapping).
    public static let externalAPIs = ["facebook", "twitter", "payment"]

    /// Platform metrics a budget may name (DESIGN §10).
    public static let platformMetrics = [
        "oversold", "seats_sold", "seats_held", "unauthorized_reaching_services", "requests_to_dead_instances",
        "false_timeouts", "lost_acknowledged_writes", "retry_budget_violations", "availability", "shed",
        // Call-stack and routing mechanisms of the incident cases (docs/incidents.md).
        "attempts_after_deadline", "gateway_rejections", "gateway_peak_utilisation", "dead_routing_window_s", "breaker_open_delay_s",
        // Gateway token introspection (case F11) and shard write spread (case F14).
        "introspections_per_s", "introspection_requests_per_s", "introspection_cache_hits", "forced_logouts", "introspection_local_fallbacks", "auth_cache_entries_past_token_expiry",
        "shard_write_imbalance", "hottest_shard_write_percent",
        // Retried purchase writes (case F13).
        "duplicate_purchases", "false_failures", "gateway_write_retries",
        // Writes after a replica-set election (case F12).
        "writes_failed_after_election", "driver_recovery_max_s", "write_failures_until_s",
    ]

    /// Every name a budget may target; `platform` is a pseudo-target whose expressions name
    /// platform metrics (`platform: ["seats_sold_per_s>=100"]`).
    public static var budgetTargets: [String] {
        routes.map(\.route) + serviceIDs + Journey.allCases.map(\.rawValue) + platformMetrics + ["platform"]
    }
}
