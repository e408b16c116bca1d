import BCSimulator
import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// The relay against the simulator as BC on-premises (HTTP Basic with a web service access key, `/{instance}/api/…`),
/// on API v2.0 and v1.0, configured from the environment as `payment-relay run` is: each mode books exactly one line,
/// also when BC commits a create and the response is lost.
@Suite(.timeLimit(.minutes(2)))
struct RelayOnPremisesTests {
    static let userName = "RELAY-SVC"
    static let key = "Wsk+9/q0ZxY3=="

    /// (name, API version, the BC_* variables beyond BC_API_URL and credentials)
    static let modes: [(String, String, [String: String])] = [
        ("Basic v2.0", "v2.0", [:]),
        // v1.0 documents a 20-character externalDocumentNumber; this BC (like current BC versions) takes 35.
        ("Basic v1.0", "v1.0", ["BC_API_VERSION": "v1.0", "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH": "35"]),
    ]

    static let cases: [(String, String, [String: String], [Fault])] = modes.flatMap { mode in
        [(mode.0 + ", happy path", mode.1, mode.2, []), (mode.0 + ", commit then drop", mode.1, mode.2, [Fault.commitThenDrop])]
    }

    @Test(arguments: cases)
    func booksExactlyOneLine(name: String, apiVersion: String, variables: [String: String], faults: [Fault]) async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness {
            $0.authentication = .basic(userName: Self.userName, webServiceAccessKey: Self.key)
            $0.apiVersion = apiVersion
            if apiVersion == "v1.0" { $0.externalDocumentNumberLength = 35 }
        }
        bc.simulator.enqueueFaults(faults, target: .creates)
        var environment = variables
        environment["BC_AUTH"] = "basic"
        environment["BC_API_URL"] = bc.simulator.baseURL.absoluteString
        environment["BC_ALLOW_HTTP"] = "true"
        environment["BC_USERNAME"] = Self.userName
        environment["BC_WEB_SERVICE_KEY"] = Self.key
        environment["BC_REQUEST_TIMEOUT"] = "1s"
        var settings = harness.settings(businessCentral: try EnvironmentReader(environment).businessCentralConfiguration(),
                                        retry: RetryPolicy(maxAttempts: 8, maxElapsed: .seconds(30), baseDelay: .milliseconds(20), maxDelay: .milliseconds(300)))
        settings.companyId = bc.companyId
        let relay = RunningRelay(try RelayService(settings: settings, logger: harness.logger()))
        try await harness.publish([(key: "k1", value: paymentEvent(id: "evt-1", key: "pay-1", customer: "C10000", amount: "\"42.10\""))])
        let outcomes = try await harness.waitForOutcomes()
        try await relay.stop()

        let outcome = try #require(outcomes.first, "\(name): no outcome")
        #expect(outcome["status"] as? String == "created", "\(name): \(outcome)")
        let lines = bc.simulator.lines()
        #expect(lines.count == 1, "\(name): \(lines.count) lines")
        #expect(lines.first?.amount == Decimal(string: "-42.10"))
        #expect(lines.first?.externalDocumentNumber == IdempotencyToken(idempotencyKey: "pay-1").value)
        #expect(outcome["customerPaymentId"] as? String == lines.first?.id.uuidString.lowercased())
        #expect(bc.simulator.stats.tokensIssued == 0, "Basic mode fetches no token")
        #expect(!harness.logSink.renderedLines.contains { $0.contains(Self.key) }, "\(name): the key was logged")
    }

    @Test func aWrongKeyFailsAsAuthenticationWithoutBooking() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness { $0.authentication = .basic(userName: Self.userName, webServiceAccessKey: Self.key) }
        var configuration = BusinessCentralConfiguration.onPremises(apiBaseURL: bc.simulator.baseURL, userName: Self.userName,
                                                                    webServiceAccessKey: Secret("not-the-key"))
        configuration.allowInsecureHTTP = true
        configuration.requestTimeout = .seconds(1)
        var settings = harness.settings(businessCentral: configuration,
                                        retry: RetryPolicy(maxAttempts: 2, maxElapsed: .seconds(5), baseDelay: .milliseconds(20), maxDelay: .milliseconds(50)))
        settings.companyId = bc.companyId
        let relay = RunningRelay(try RelayService(settings: settings, logger: harness.logger()))
        try await harness.publish([(key: "k1", value: paymentEvent(id: "evt-1", key: "pay-1"))])
        let outcomes = try await harness.waitForOutcomes()
        try await relay.stop()
        let error = try #require(outcomes.first?["error"] as? [String: Any], "\(outcomes)")
        #expect(error["class"] as? String == "authentication")
        #expect(error["httpStatus"] as? Int == 401)
        #expect(bc.simulator.lines().isEmpty)
    }

    /// The mounted key file is rotated together with BC's key while the relay runs: the next request gets a 401, the
    /// relay reads the file again and goes on booking — no restart, nothing failed.
    @Test func aRotatedKeyFileKeepsTheRelayBooking() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness { $0.authentication = .basic(userName: Self.userName, webServiceAccessKey: Self.key) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wsk-\(UUID().uuidString.prefix(8))").path
        try (Self.key + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["BC_AUTH": "basic", "BC_API_URL": bc.simulator.baseURL.absoluteString, "BC_ALLOW_HTTP": "true",
                           "BC_USERNAME": Self.userName, "BC_WEB_SERVICE_KEY_FILE": path, "BC_REQUEST_TIMEOUT": "1s"]
        var settings = harness.settings(businessCentral: try EnvironmentReader(environment).businessCentralConfiguration(),
                                        retry: RetryPolicy(maxAttempts: 2, maxElapsed: .seconds(5), baseDelay: .milliseconds(20), maxDelay: .milliseconds(50)))
        settings.companyId = bc.companyId
        let relay = RunningRelay(try RelayService(settings: settings, logger: harness.logger()))
        try await harness.publish([(key: "k1", value: paymentEvent(id: "before", key: "pay-1"))])
        _ = try await harness.waitForOutcomes(count: 1)

        let rotated = "Rotated-Key/2=="
        #expect(bc.simulator.rotateWebServiceAccessKey(to: rotated))
        try (rotated + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try await harness.publish([(key: "k2", value: paymentEvent(id: "after", key: "pay-2"))])
        let outcomes = try await harness.waitForOutcomes(count: 2)
        try await relay.stop()
        #expect(outcomes.map { $0["status"] as? String } == ["created", "created"], "\(outcomes)")
        #expect(bc.simulator.lines().count == 2)
        #expect(!harness.logSink.renderedLines.contains { $0.contains(rotated) }, "the new key was logged")
    }
}
