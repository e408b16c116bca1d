import Foundation
import HTTPServer
import Telemetry
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Starts a server on an ephemeral port for one test and stops it afterwards.
func withServer<T>(_ configuration: HTTPServerConfiguration = HTTPServerConfiguration(),
                   handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse = { request in
                       .text("\(request.method) \(request.path)")
                   },
                   _ body: (HTTPServer) async throws -> T) async throws -> T {
    let server = HTTPServer(configuration: configuration, logger: .disabled, handler: handler)
    try server.start()
    defer { server.stop() }
    return try await body(server)
}

/// A URLSession that allows many parallel connections to one host.
func makeSession(connections: Int = 8) -> URLSession {
    let configuration = URLSessionConfiguration.ephemeral
    configuration.httpMaximumConnectionsPerHost = connections
    configuration.timeoutIntervalForRequest = 10
    return URLSession(configuration: configuration)
}

/// Polls `condition` until it holds or `timeout` passes.
func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now.advanced(by: timeout)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
