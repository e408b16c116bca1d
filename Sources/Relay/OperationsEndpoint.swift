import Foundation
import HTTPServer
import Telemetry

/// `/healthz`, `/readyz` and `/metrics` for probes and Prometheus, and `/admin/*` when enabled (``AdminEndpoint``).
struct OperationsEndpoint: Sendable {
    /// Answers liveness.
    let liveness: @Sendable () -> (ok: Bool, detail: String)
    /// Answers readiness.
    let readiness: @Sendable () -> (ok: Bool, detail: String)
    let metrics: MetricsRegistry
    /// The operator's pause and resume; `nil` when `RELAY_ADMIN_TOKEN_FILE` is not set (the paths answer 404).
    var admin: AdminEndpoint?

    /// The methods the operations port serves (POST only for `/admin/*`, and only when it is enabled).
    static let allowedMethods: Set<String> = ["GET", "HEAD"]

    /// The server settings of the operations port: it is unauthenticated, so it accepts no request body (413 from
    /// the head, before reading), only GET and HEAD (405 otherwise), a small head, few connections with a short idle
    /// timeout, and evicts the longest-idle connection when full so the kubelet's probes always get an answer.
    static func serverConfiguration(for settings: RelaySettings) -> HTTPServerConfiguration {
        HTTPServerConfiguration(
            host: settings.httpHost, port: settings.httpPort, maxHeaderBytes: 8 * 1024, maxBodyBytes: 0,
            readTimeout: settings.httpIdleTimeout, keepAliveIdleTimeout: settings.httpIdleTimeout,
            writeTimeout: .seconds(10), maxConnections: settings.httpMaxConnections, backlog: 64,
            allowedMethods: settings.adminTokenFile == nil ? allowedMethods : allowedMethods.union(["POST"]),
            evictsIdleConnectionsWhenFull: true)
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        if request.path == "/admin" || request.path.hasPrefix("/admin/") {
            return admin?.handle(request) ?? .text("not found\n", status: 404)
        }
        // The server refuses other methods already; kept so the handler is safe behind any configuration.
        guard Self.allowedMethods.contains(request.method) else { return .text("method not allowed\n", status: 405) }
        switch request.path {
        case "/healthz":
            let (ok, detail) = liveness()
            return .text(detail + "\n", status: ok ? 200 : 503)
        case "/readyz":
            let (ok, detail) = readiness()
            return .text(detail + "\n", status: ok ? 200 : 503)
        case "/metrics":
            var response = HTTPResponse.text(metrics.render())
            response.headers.set("Content-Type", to: "text/plain; version=0.0.4; charset=utf-8")
            return response
        default:
            return .text("not found; try /healthz, /readyz or /metrics\n", status: 404)
        }
    }
}
