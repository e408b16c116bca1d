import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import BusinessCentral
import HTTPServer
@testable import Relay
import Telemetry
import Testing

/// The operations port is unauthenticated: no bodies, GET/HEAD only, few connections with a short idle timeout,
/// and probes answered even when idle connections fill it.
@Suite(.timeLimit(.minutes(1))) struct OperationsServerTests {
    private func settings(_ changes: [String: String?] = [:]) throws -> RelaySettings {
        try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, changes))
    }

    private func withOperationsServer(_ settings: RelaySettings, _ body: (HTTPServer) async throws -> Void) async throws {
        let endpoint = OperationsEndpoint(liveness: { (true, "alive") }, readiness: { (true, "ready") }, metrics: MetricsRegistry())
        let server = HTTPServer(configuration: OperationsEndpoint.serverConfiguration(for: settings), logger: .disabled) {
            endpoint.handle($0)
        }
        try server.start()
        defer { server.stop() }
        try await body(server)
    }

    private func get(_ port: Int, _ path: String) async throws -> Int {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = 5
        let (_, response) = try await URLSession(configuration: configuration).data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return (response as! HTTPURLResponse).statusCode
    }

    @Test func settingsHaveSmallDefaultsAndCanBeChanged() throws {
        let defaults = try settings()
        #expect(defaults.httpMaxConnections == 16)
        #expect(defaults.httpIdleTimeout == .seconds(5))
        #expect(defaults.httpHost == "0.0.0.0")
        let changed = try settings(["RELAY_HTTP_MAX_CONNECTIONS": "4", "RELAY_HTTP_IDLE_TIMEOUT": "750ms", "RELAY_HTTP_HOST": "127.0.0.1"])
        #expect(changed.httpMaxConnections == 4)
        #expect(changed.httpIdleTimeout == .milliseconds(750))
        #expect(OperationsEndpoint.serverConfiguration(for: changed).host == "127.0.0.1")
        for (name, value) in [("RELAY_HTTP_MAX_CONNECTIONS", "0"), ("RELAY_HTTP_MAX_CONNECTIONS", "5000"), ("RELAY_HTTP_IDLE_TIMEOUT", "10ms")] {
            #expect { try settings([name: value]) } throws: { ($0 as? ConfigurationError)?.setting == name }
        }
    }

    /// The operations port once took 8 MiB bodies on 1,024 connections with a 120 s idle timeout.
    @Test func serverConfigurationIsRestrictive() throws {
        let configuration = OperationsEndpoint.serverConfiguration(for: try settings())
        #expect(configuration.allowedMethods == ["GET", "HEAD"])
        #expect(configuration.maxBodyBytes == 0)
        #expect(configuration.maxConnections == 16)
        #expect(configuration.keepAliveIdleTimeout == .seconds(5))
        #expect(configuration.readTimeout <= .seconds(5))
        #expect(configuration.evictsIdleConnectionsWhenFull)
    }

    @Test func bodiesAndOtherMethodsAreRefusedBeforeTheBodyIsRead() async throws {
        var settings = try settings()
        settings.httpHost = "127.0.0.1"
        settings.httpPort = 0
        try await withOperationsServer(settings) { server in
            for (request, status) in [("POST /metrics HTTP/1.1\r\nContent-Length: 8388608\r\n\r\n", "413"),
                                      ("PUT /healthz HTTP/1.1\r\n\r\n", "405"),
                                      ("GET /healthz HTTP/1.1\r\nContent-Length: 1048576\r\n\r\n", "413")] {
                let socket = try ProbeSocket(port: server.port)
                socket.send(request)
                let answer = try #require(await socket.readUntilClosed(timeout: .seconds(10)), "no answer to \(request.debugDescription)")
                #expect(answer.hasPrefix("HTTP/1.1 \(status) "), "\(answer.prefix(40))")
            }
        }
    }

    /// 1,024 idle connections once made `/healthz` answer 503, and the kubelet restarted a healthy pod.
    @Test func idleConnectionsNeverStarveTheProbes() async throws {
        var settings = try settings()
        settings.httpHost = "127.0.0.1"
        settings.httpPort = 0
        settings.httpMaxConnections = 4
        settings.httpIdleTimeout = .seconds(30)
        try await withOperationsServer(settings) { server in
            let idle = try (0..<12).map { _ in try ProbeSocket(port: server.port) }
            #expect(await waitUntil(timeout: .seconds(5)) { server.connectionCount >= 4 })
            for path in ["/healthz", "/readyz", "/metrics"] {
                #expect(try await get(server.port, path) == 200, "\(path)")
            }
            _ = idle
        }
    }

    @Test func idleConnectionsAreClosedAfterTheIdleTimeout() async throws {
        var settings = try settings()
        settings.httpHost = "127.0.0.1"
        settings.httpPort = 0
        settings.httpIdleTimeout = .milliseconds(300)
        try await withOperationsServer(settings) { server in
            // Closed without an answer well before the 5 s wait ends (the old idle timeout was 120 s).
            let silent = try ProbeSocket(port: server.port)
            #expect(await silent.readUntilClosed(timeout: .seconds(5)) == "")
            let partial = try ProbeSocket(port: server.port)
            partial.send("GET /healthz HTTP/1.1\r\n")
            #expect(await partial.readUntilClosed(timeout: .seconds(5))?.hasPrefix("HTTP/1.1 408 ") == true)
        }
    }

    @Test func theRelayServesItsOperationsPortWithThisConfiguration() async throws {
        let harness = try RelayHarness(partitions: 1)
        let service = try RelayService(settings: harness.settings(), logger: .disabled)
        try service.server.start()
        defer { service.server.stop() }
        let socket = try ProbeSocket(port: service.operationsPort)
        socket.send("POST /healthz HTTP/1.1\r\nContent-Length: 8388608\r\n\r\n")
        #expect(await socket.readUntilClosed(timeout: .seconds(10))?.hasPrefix("HTTP/1.1 413 ") == true)
    }
}
