import BCSimulator
import BusinessCentral
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
@testable import Relay
import RelayCore
import RelayTestKit
import Telemetry
import Testing

/// Outage mode end to end: the relay on a mock cluster with the real client against the simulator, Business Central
/// down for longer than the records' retry budget (scaled down here), then back.
@Suite(.timeLimit(.minutes(2)))
struct OutageModeTests {
    /// The budget: 3 attempts, 1 s; the breaker opens on 3 consecutive failures and probes every 0.1–0.4 s.
    private func settings(_ harness: RelayHarness, _ bc: SimulatorHarness, breaker: Bool) -> RelaySettings {
        var settings = harness.settings(businessCentral: bc.businessCentral(requestTimeout: .seconds(2)),
                                        retry: RetryPolicy(maxAttempts: 3, maxElapsed: .seconds(1), baseDelay: .milliseconds(20), maxDelay: .milliseconds(100)))
        settings.companyId = bc.companyId
        settings.breaker = CircuitBreaker.Configuration(isEnabled: breaker, failureThreshold: 3, probeBaseDelay: .milliseconds(100),
                                                        probeMaxDelay: .milliseconds(400))
        return settings
    }

    private func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    private func scrape(_ port: Int) async throws -> PrometheusScrape {
        try PrometheusTextParser.parse(try await get(port, "/metrics").body)
    }

    private func startReady(_ settings: RelaySettings, _ harness: RelayHarness) async throws -> (RunningRelay, Int) {
        let service = try RelayService(settings: settings, logger: harness.logger())
        let relay = RunningRelay(service)
        let ready = await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(100)) {
            guard service.operationsPort > 0 else { return false }
            return (try? await get(service.operationsPort, "/readyz").status) == 200
        }
        #expect(ready)
        return (relay, service.operationsPort)
    }

    /// Every BC request fails with 503 for more than twice the retry budget (and several failed probes), then BC
    /// comes back. With the breaker: the relay pauses, probes, resumes — 0 dead letters, every event booked once.
    /// Without it (`RELAY_BREAKER_ENABLED=false`, the behaviour before outage mode) the same outage fails the backlog
    /// into the dead-letter topic.
    @Test(arguments: [true, false])
    func anOutageLongerThanTheRetryBudgetDeadLettersNothing(breaker: Bool) async throws {
        let harness = try RelayHarness(partitions: 4)
        let bc = try SimulatorHarness { $0.lineNumberRaceWindow = .zero }
        let (relay, port) = try await startReady(settings(harness, bc, breaker: breaker), harness)

        let outageStarted = ContinuousClock.now
        bc.simulator.setFaults(FaultPlan(rules: [.init(.serviceUnavailable(retryAfter: nil), probability: 1, target: .any)]))
        let events = 60
        try await harness.publish((0..<events).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)", customer: ["C10000", "C20000", "C30000"][$0 % 3])) })

        if breaker {
            var during = PrometheusScrape()
            let opened = try await waitUntil(timeout: .seconds(20), pollEvery: .milliseconds(50)) {
                during = try await scrape(port)
                return during.value("relay_bc_circuit_state") == 1 && during.value("relay_paused_partitions") == 4
            }
            #expect(opened, "the breaker opens and every partition pauses")
            let readiness = try await get(port, "/readyz")
            #expect(readiness.status == 503)
            #expect(readiness.body == "Business Central unavailable: circuit open\n")
            #expect(during.value("relay_ready") == 0)
        }
        // The outage outlasts the budget twice over, and (with the breaker) several probes fail meanwhile.
        let outlasted = await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(50)) {
            let failedProbes = harness.logSink.entries.filter { $0.message.hasPrefix("Business Central probe failed") }.count
            return ContinuousClock.now - outageStarted >= .milliseconds(2500) && (!breaker || failedProbes >= 3)
        }
        #expect(outlasted)
        bc.simulator.setFaults(.none)

        let outcomes = try await harness.waitForOutcomes(count: events, timeout: .seconds(60))
        let after = try await scrape(port)
        try await relay.stop()
        #expect(outcomes.count == events)
        let statuses = Dictionary(grouping: outcomes, by: { $0["status"] as? String ?? "?" }).mapValues(\.count)
        let deadLetters = try harness.readAll(harness.deadLetterTopic)
        if breaker {
            #expect(statuses == ["created": events], "\(statuses)")
            #expect(deadLetters.isEmpty)
            #expect(bc.linesPerToken().count == events)
            #expect(bc.linesPerToken().values.allSatisfy { $0 == 1 }, "every event booked once")
            #expect(after.value("relay_bc_circuit_state") == 0)
            #expect((after.value("relay_bc_circuit_transitions_total", ["to": "open"]) ?? 0) >= 1)
            #expect((after.value("relay_bc_circuit_transitions_total", ["to": "closed"]) ?? 0) >= 1)
            #expect(after.value("relay_dlq_records_total", ["class": "transient"]) == 0)
            #expect(after.value("relay_dlq_records_total", ["class": "outcome_unknown"]) == 0)
            let transitions = harness.logSink.entries.filter { $0.metadata["bc.circuit.to"] != nil }.map { $0.metadata["bc.circuit.to"]! }
            #expect(transitions.first == "open" && transitions.last == "closed", "\(transitions)")
        } else {
            let failed = statuses["failed"] ?? 0
            #expect(failed > 0, "without the breaker the outage fails records: \(statuses)")
            #expect(deadLetters.count == failed)
            #expect(after.value("relay_bc_circuit_transitions_total", ["to": "open"]) == 0)
        }
    }

    /// Failures about the records — BC answering 400 for each of a burst of events — are not an outage.
    @Test func aStormOfRecordFailuresDoesNotOpenTheBreaker() async throws {
        let harness = try RelayHarness(partitions: 2)
        let bc = try SimulatorHarness { $0.lineNumberRaceWindow = .zero }
        let (relay, port) = try await startReady(settings(harness, bc, breaker: true), harness)
        try await harness.publish((0..<20).map { (key: "k\($0)", value: paymentEvent(id: "bad\($0)", customer: "C99999")) }
                                  + [(key: "ok", value: paymentEvent(id: "fine"))])
        let outcomes = try await harness.waitForOutcomes(count: 21, timeout: .seconds(30))
        let after = try await scrape(port)
        try await relay.stop()
        let statuses = Dictionary(grouping: outcomes, by: { $0["status"] as? String ?? "?" }).mapValues(\.count)
        #expect(statuses == ["rejected": 20, "created": 1])
        #expect(outcomes.filter { $0["status"] as? String == "rejected" }.allSatisfy { ($0["error"] as? [String: Any])?["httpStatus"] as? Int == 400 })
        #expect(after.value("relay_bc_circuit_transitions_total", ["to": "open"]) == 0)
        #expect(after.value("relay_bc_circuit_state") == 0)
        #expect(after.value("relay_bc_requests_total", ["operation": "payment.create", "status_class": "4xx"]) == 20)
    }

    /// An operator pauses booking (BC maintenance, journal posting): every partition pauses, nothing is consumed or
    /// sent to BC, the worker stays ready; on resume every event is booked once.
    @Test func anOperatorPausesAndResumesBookingOverTheAdminEndpoint() async throws {
        let harness = try RelayHarness(partitions: 2)
        let bc = FakeBusinessCentral()
        let tokenFile = FileManager.default.temporaryDirectory.appendingPathComponent("admin-\(UUID().uuidString)").path
        try "operator-token-0123456789abcdef\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: tokenFile) }
        var settings = harness.settings()
        settings.adminTokenFile = tokenFile
        let service = try RelayService(settings: settings, logger: harness.logger(), businessCentral: bc)
        let relay = RunningRelay(service)
        let joined = await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(100)) {
            guard service.operationsPort > 0 else { return false }
            return (try? await get(service.operationsPort, "/readyz").status) == 200
        }
        #expect(joined)
        let port = service.operationsPort

        func post(_ path: String, token: String = "operator-token-0123456789abcdef") async throws -> (Int, String) {
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
            request.httpMethod = "POST"
            request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (data, response) = try await URLSession.shared.data(for: request)
            return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
        }
        #expect(try await post("/admin/pause", token: "not-the-operator-token").0 == 401)
        let (status, body) = try await post("/admin/pause")
        #expect(status == 200)
        #expect(body.contains(#""operatorPaused":true"#))
        let paused = try await waitUntil(timeout: .seconds(10), pollEvery: .milliseconds(50)) {
            let metrics = try await scrape(port)
            return metrics.value("relay_paused_partitions") == 2 && metrics.value("relay_operator_paused") == 1
        }
        #expect(paused)

        try await harness.publish((0..<10).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)")) })
        // Nothing moves while paused (a bounded look for the absence of progress).
        let moved = await waitUntil(timeout: .seconds(1), pollEvery: .milliseconds(100)) { bc.createCount > 0 }
        #expect(!moved)
        #expect(try await scrape(port).value("relay_records_consumed_total") == 0)
        #expect(try await get(port, "/readyz").status == 200, "a paused worker stays ready")

        #expect(try await post("/admin/resume").0 == 200)
        let outcomes = try await harness.waitForOutcomes(count: 10)
        let after = try await scrape(port)
        try await relay.stop()
        #expect(outcomes.count == 10)
        #expect(outcomes.allSatisfy { $0["status"] as? String == "created" })
        #expect(bc.lines.count == 10)
        #expect(after.value("relay_operator_paused") == 0)
        let notices = harness.logSink.entries.filter { $0.message.contains("by an operator") }
        #expect(notices.map(\.message) == ["booking paused by an operator", "booking resumed by an operator"])
        #expect(notices.allSatisfy { $0.metadata["http.peer"]?.hasPrefix("127.0.0.1:") == true })
    }
}
