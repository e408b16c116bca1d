import BCSimulator
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Kafka
@testable import Relay
import RelayCore
import Telemetry
import Testing
import RelayTestKit

/// `/healthz`, `/readyz` and `/metrics` over real HTTP while records flow; no secret in the logs.
@Suite(.timeLimit(.minutes(2)))
struct RelayOperationsTests {
    private func get(_ port: Int, _ path: String) async throws -> (status: Int, body: String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        return ((response as! HTTPURLResponse).statusCode, String(decoding: data, as: UTF8.self))
    }

    private func scrape(_ port: Int) async throws -> PrometheusScrape {
        let (status, body) = try await get(port, "/metrics")
        #expect(status == 200)
        return try PrometheusTextParser.parse(body)
    }

    @Test func probesAndMetricsReflectTheWork() async throws {
        let harness = try RelayHarness(partitions: 2)
        let bc = try SimulatorHarness { $0.lineNumberRaceWindow = .zero }   // no collisions: exact request counts
        var settings = harness.settings(businessCentral: bc.businessCentral())
        settings.companyId = bc.companyId
        settings.logLevel = .debug
        let service = try RelayService(settings: settings, logger: harness.logger())
        let relay = RunningRelay(service)
        let ready = await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(100)) {
            guard service.operationsPort > 0 else { return false }
            return (try? await get(service.operationsPort, "/readyz").status) == 200
        }
        #expect(ready, "the worker must become ready once it joined the group and got a BC token")
        let port = service.operationsPort
        #expect(try await get(port, "/healthz").status == 200)
        #expect(try await get(port, "/nope").status == 404)

        let before = try await scrape(port)
        #expect(before.value("relay_ready", [:]) == 1)
        #expect(before.value("relay_outcomes_total", ["status": "created"]) == 0)
        #expect(before.value("relay_dlq_records_total", ["class": "permanent"]) == 0)

        try await harness.publish((0..<10).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)")) } + [(key: "x", value: paymentEvent(id: "bad", customer: "C99999"))])
        var after = before
        let moved = try await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(200)) {
            after = try await scrape(port)
            return after.value("relay_outcomes_total", ["status": "created"]) == 10 && after.value("relay_outcomes_total", ["status": "rejected"]) == 1
        }
        #expect(moved)
        #expect(after.value("relay_records_consumed_total", [:]) == 11)
        #expect(after.value("relay_dlq_records_total", ["class": "permanent"]) == 1)
        #expect(after.value("relay_bc_requests_total", ["operation": "payment.create", "status_class": "2xx"]) == 10)
        #expect(after.value("relay_bc_requests_total", ["operation": "payment.create", "status_class": "4xx"]) == 1)
        #expect(after.value("relay_bc_request_duration_seconds_count", ["operation": "payment.create"]) == 11)
        #expect(after.value("relay_end_to_end_latency_seconds_count", [:]) == 11)
        // Stage times: the unknown customer is refused by BC's create, so it has no `done`; every record passes the
        // other stages and reaches the offset store.
        let stageCount = { (stage: String) in after.value("relay_stage_seconds_count", ["stage": stage]) }
        #expect(stageCount("queued") == 11)
        #expect(stageCount("attempting") == 11)
        #expect(stageCount("create") == 11)
        #expect(stageCount("done") == 10)
        #expect(stageCount("outcome") == 11)
        #expect(stageCount("commit") == 11)
        #expect(after.value("relay_record_seconds_count", [:]) == 11)
        #expect(after.value("relay_stage_seconds_bucket", ["stage": "create", "le": "+Inf"]) == 11)
        #expect(after.value("relay_in_flight_records", [:]) == 0)
        #expect(after.value("relay_ledger_entries", ["partition": "0"]) != nil)
        #expect((after.value("relay_ledger_bytes", ["partition": "0"]) ?? 0) >= 1024, "the table's minimum, at least")
        #expect(after.value("relay_ledger_records_read_total", [:]) != nil)
        #expect(after.value("relay_consumer_lag", ["partition": "0"]) != nil)
        #expect((after.value("relay_poll_loop_last_progress_timestamp_seconds", [:]) ?? 0) > Date().timeIntervalSince1970 - 60)
        // Build, process and group figures.
        #expect(after.value("relay_build_info", ["version": RelayVersion.current, "swift": RelayVersion.swift]) == 1)
        #expect((after.value("relay_rebalances_total", ["kind": "assigned"]) ?? 0) >= 1, "joining the group is an assignment")
        #expect(after.value("relay_rebalances_total", ["kind": "lost"]) == 0)
        #expect((after.value("process_resident_memory_bytes", [:]) ?? 0) > 1_000_000)
        #expect((after.value("process_cpu_seconds_total", [:]) ?? 0) > 0)
        #expect((after.value("process_open_fds", [:]) ?? 0) > 3)
        let started = after.value("process_start_time_seconds", [:]) ?? 0
        #expect(started > Date().timeIntervalSince1970 - 3600 && started <= Date().timeIntervalSince1970 + 1)
        // Outcomes name the customer, for reconcile.
        let outcome = try #require(try harness.outcomes().first { $0["eventId"] as? String == "e0" })
        #expect(outcome["customerNumber"] as? String == "C10000")
        #expect(outcome["documentNumber"] is NSNull, "no document number without RELAY_TOKEN_DOCUMENT_NUMBERS or the event's own")

        try await relay.stop()
        // Secrets never reach the logs, even at debug level.
        let lines = harness.logSink.renderedLines
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.contains(bc.configuration.clientSecret) })
        #expect(!lines.contains { $0.contains("Bearer ") })
        // One info line per booked event, with the event id and partition/offset metadata.
        let booked = harness.logSink.entries.filter { $0.message == "payment booked" }
        #expect(booked.count == 10)
        #expect(booked.allSatisfy { $0.metadata["payment.event_id"] != nil && $0.metadata["kafka.offset"] != nil && $0.metadata["bc.payment_id"] != nil })
    }

    @Test func livenessFailsWhenThePollLoopIsNotRunning() {
        let health = HealthState(livenessTimeout: .seconds(1))
        #expect(health.liveness(inFlight: 0).ok == false)
        health.setPollLoopRunning(true)
        health.pollTicked()
        health.processingTicked()
        #expect(health.liveness(inFlight: 5).ok)
    }
}
