import BusinessCentral
import Foundation
import HTTPServer
@testable import Relay
import RelayCore
import Telemetry
import Testing

/// `/admin/pause`, `/admin/resume`, `/admin/state`: disabled unless a token file is configured, bearer-authenticated,
/// the file read on every request; and the outage-mode settings.
@Suite struct AdminEndpointTests {
    private static let token = "Zq3-admin-token-0123456789abcdef"

    /// A token file in a fresh directory.
    private func tokenFile(_ contents: String = token + "\n") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("token").path
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The operations endpoint with the admin paths on `tokenFile` (none: disabled); `paused` records the requests.
    private func endpoint(tokenFile: String?, paused: Shared<[Bool]> = Shared([])) -> OperationsEndpoint {
        let status = AdminEndpoint.Status(gate: BusinessCentralGate.Snapshot(phase: .open, operatorPaused: true, callsInProgress: 1, waiting: 7),
                                          assignedPartitions: 4, pausedPartitions: 4, inFlightRecords: 12,
                                          unresolvedAttempts: 3)
        let admin = tokenFile.map { file in
            AdminEndpoint(tokenFile: file, setPaused: { value, _ in paused.withLock { $0.append(value) } }, status: { status })
        }
        return OperationsEndpoint(liveness: { (true, "ok") }, readiness: { (true, "ready") }, metrics: MetricsRegistry(), admin: admin)
    }

    private func request(_ method: String, _ path: String, token: String? = token, scheme: String = "Bearer") -> HTTPRequest {
        var headers = HTTPHeaders()
        if let token { headers.set("Authorization", to: "\(scheme) \(token)") }
        return HTTPRequest(method: method, target: path, path: path, headers: headers, remoteAddress: "10.0.0.9:5555")
    }

    @Test func withoutATokenFileTheAdminPathsDoNotExist() throws {
        let endpoint = endpoint(tokenFile: nil)
        for (method, path) in [("GET", "/admin/state"), ("POST", "/admin/pause"), ("POST", "/admin/resume"), ("GET", "/admin")] {
            #expect(endpoint.handle(request(method, path)).status == 404, "\(method) \(path)")
        }
        let settings = try RelaySettings.load(from: RelaySettingsTests.online)
        #expect(settings.adminTokenFile == nil)
        #expect(OperationsEndpoint.serverConfiguration(for: settings).allowedMethods == ["GET", "HEAD"], "POST stays refused by the server")
    }

    @Test func aMissingOrWrongTokenIsRefused() throws {
        let paused = Shared<[Bool]>([])
        let endpoint = endpoint(tokenFile: try tokenFile(), paused: paused)
        for refused in [request("POST", "/admin/pause", token: nil), request("POST", "/admin/pause", token: "wrong-token-0123456789"),
                        request("POST", "/admin/pause", token: Self.token + "x"), request("POST", "/admin/pause", token: "Zq3"),
                        request("POST", "/admin/pause", scheme: "Basic"), request("GET", "/admin/state", token: "")] {
            let response = endpoint.handle(refused)
            #expect(response.status == 401)
            #expect(response.headers["WWW-Authenticate"] == "Bearer")
        }
        #expect(paused.withLock { $0 }.isEmpty, "nothing changed")
        #expect(endpoint.handle(request("GET", "/admin/state", scheme: "bearer")).status == 200, "the scheme is case-insensitive")
    }

    @Test func pauseAndResumeAnswerWithTheState() throws {
        let paused = Shared<[Bool]>([])
        let endpoint = endpoint(tokenFile: try tokenFile(), paused: paused)
        let pause = endpoint.handle(request("POST", "/admin/pause"))
        #expect(pause.status == 200)
        #expect(pause.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(String(decoding: pause.body, as: UTF8.self) == """
            {"operatorPaused":true,"circuit":"open","assignedPartitions":4,"pausedPartitions":4,"inFlightRecords":12,"unresolvedAttempts":3,"bcCallsInProgress":1,"bcCallsWaiting":7}

            """)
        #expect(endpoint.handle(request("POST", "/admin/resume")).status == 200)
        #expect(endpoint.handle(request("GET", "/admin/state")).status == 200)
        #expect(paused.withLock { $0 } == [true, false])
        let wrongMethod = endpoint.handle(request("GET", "/admin/pause"))
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["Allow"] == "POST")
        #expect(endpoint.handle(request("POST", "/admin/state")).status == 405)
        #expect(endpoint.handle(request("POST", "/admin/other")).status == 404)
        #expect(endpoint.handle(request("POST", "/metrics")).status == 405, "POST is for the admin paths only")
    }

    /// A rotated secret needs no restart; a token file that disappears disables the endpoint rather than opening it.
    @Test func theTokenFileIsReadOnEveryRequest() throws {
        let file = try tokenFile()
        let endpoint = endpoint(tokenFile: file)
        let rotated = "rotated-token-abcdefghijklmnop"
        try rotated.write(toFile: file, atomically: true, encoding: .utf8)
        #expect(endpoint.handle(request("GET", "/admin/state")).status == 401)
        #expect(endpoint.handle(request("GET", "/admin/state", token: rotated)).status == 200)
        try FileManager.default.removeItem(atPath: file)
        #expect(endpoint.handle(request("GET", "/admin/state", token: rotated)).status == 503)
    }

    @Test func theTokenFileSettingIsCheckedAtStartUp() throws {
        let good = try tokenFile()
        let settings = try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, ["RELAY_ADMIN_TOKEN_FILE": good]))
        #expect(settings.adminTokenFile == good)
        #expect(OperationsEndpoint.serverConfiguration(for: settings).allowedMethods == ["GET", "HEAD", "POST"])
        for bad in ["/nonexistent/admin-token", try tokenFile("short\n"), try tokenFile("")] {
            #expect { try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, ["RELAY_ADMIN_TOKEN_FILE": bad])) }
                throws: { ($0 as? ConfigurationError)?.setting == "RELAY_ADMIN_TOKEN_FILE" }
        }
    }

    @Test func tokensAreComparedByDigest() {
        #expect(AdminEndpoint.constantTimeEqual(Self.token, Self.token))
        #expect(!AdminEndpoint.constantTimeEqual(Self.token, Self.token + " "))
        #expect(!AdminEndpoint.constantTimeEqual("", Self.token))
        #expect(AdminEndpoint.bearerToken("Bearer  abc ") == "abc")
        #expect(AdminEndpoint.bearerToken("Bearer") == nil)
        #expect(AdminEndpoint.bearerToken("Token abc") == nil)
    }

    // MARK: Outage-mode settings

    @Test func breakerSettingsHaveDefaultsAndBounds() throws {
        let defaults = try RelaySettings.load(from: RelaySettingsTests.online).breaker
        #expect(defaults == CircuitBreaker.Configuration(isEnabled: true, failureThreshold: 5, failureRatePercent: 80, window: 20,
                                                         probeBaseDelay: .seconds(1), probeMaxDelay: .seconds(60)))
        let changed = try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, [
            "RELAY_BREAKER_FAILURE_THRESHOLD": "3", "RELAY_BREAKER_FAILURE_RATE": "50", "RELAY_BREAKER_WINDOW": "40",
            "RELAY_BREAKER_PROBE_BASE_DELAY": "500ms", "RELAY_BREAKER_PROBE_MAX_DELAY": "2m",
        ])).breaker
        #expect(changed == CircuitBreaker.Configuration(failureThreshold: 3, failureRatePercent: 50, window: 40,
                                                        probeBaseDelay: .milliseconds(500), probeMaxDelay: .seconds(120)))
        let off = try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, [
            "RELAY_BREAKER_ENABLED": "false", "RELAY_RETRY_MAX_ATTEMPTS": "2"]))
        #expect(!off.breaker.isEnabled, "disabled, the threshold need not fit the attempts")
    }

    @Test(arguments: [
        (["RELAY_BREAKER_FAILURE_THRESHOLD": "0"], "RELAY_BREAKER_FAILURE_THRESHOLD"),
        (["RELAY_BREAKER_FAILURE_RATE": "101"], "RELAY_BREAKER_FAILURE_RATE"),
        (["RELAY_BREAKER_WINDOW": "0"], "RELAY_BREAKER_WINDOW"),
        (["RELAY_BREAKER_ENABLED": "maybe"], "RELAY_BREAKER_ENABLED"),
        (["RELAY_BREAKER_PROBE_BASE_DELAY": "1ms"], "RELAY_BREAKER_PROBE_BASE_DELAY"),
        (["RELAY_BREAKER_PROBE_BASE_DELAY": "10s", "RELAY_BREAKER_PROBE_MAX_DELAY": "5s"], "RELAY_BREAKER_PROBE_MAX_DELAY"),
        // A record alone in flight would exhaust 3 attempts before 5 consecutive failures open the breaker.
        (["RELAY_RETRY_MAX_ATTEMPTS": "3"], "RELAY_BREAKER_FAILURE_THRESHOLD"),
    ] as [([String: String], String)])
    func badBreakerSettingsAreRefused(changes: [String: String], setting: String) {
        #expect { try RelaySettings.load(from: RelaySettingsTests.environment(RelaySettingsTests.online, changes)) }
            throws: { ($0 as? ConfigurationError)?.setting == setting }
    }
}
