import Foundation
import HTTPServer
import Telemetry

/// `/healthz`, `/readyz` and `/metrics` for probes and Prometheus.
struct OperationsEndpoint: Sendable {
    /// Answers liveness.
    let liveness: @Sendable () -> (ok: Bool, detail: String)
    /// Answers readiness.
    let readiness: @Sendable () -> (ok: Bool, detail: String)
    let metrics: MetricsRegistry

    func handle(_ request: HTTPRequest) -> HTTPResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return .text("method not allowed\n", status: 405) }
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
