import BCSimulator
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// Several worker processes, SIGKILLs, BC faults and a broker outage; the invariants are checked from the simulator's
/// lines and the outcome and dead-letter topics.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct RelayChaosTests {
    @Test func killedWorkersFaultsAndABrokerOutageLoseNothingAndBookNothingTwice() async throws {
        let eventCount = 1000
        let harness = try RelayHarness(partitions: 6, brokers: 3)
        let bc = try SimulatorHarness { configuration in
            configuration.faults = FaultPlan(seed: 7, rules: [
                .init(.internalServerError, probability: 0.05, target: .any),
                .init(.tooManyRequests(retryAfter: nil), probability: 0.02, target: .any),
                .init(.commitThenDrop, probability: 0.01, target: .creates),
            ])
            configuration.lineNumberRaceWindow = .microseconds(200)
        }
        var environment = ChaosScenario.workerEnvironment(harness, bc)
        environment.merge([
            "BC_REQUEST_TIMEOUT": "2s", "RELAY_RETRY_MAX_ATTEMPTS": "12", "RELAY_RETRY_MAX_ELAPSED": "60s",
            "RELAY_SHUTDOWN_TIMEOUT": "5s", "LOG_LEVEL": "warning",
        ]) { _, new in new }

        // 5% of events reuse an earlier event's idempotency key (webhook redelivery), 2% name an unknown customer.
        var events: [(key: String, value: String)] = []
        var keyOfEvent: [String: String] = [:]
        for index in 0..<eventCount {
            let key = index % 20 == 19 ? "pay-\(index - 7)" : "pay-\(index)"
            let customer = index % 50 == 13 ? "C99999" : ["C10000", "C20000", "C30000", "C40000"][index % 4]
            keyOfEvent["evt-\(index)"] = key
            events.append((key: key, value: paymentEvent(id: "evt-\(index)", key: key, customer: customer, amount: "\"\(index % 997 + 1).\(index % 100 < 10 ? "0" : "")\(index % 100)\"")))
        }

        var workers = try (0..<3).map { try WorkerProcess(name: "w\($0)", environment: environment) }
        defer { workers.filter(\.isRunning).forEach { $0.kill() } }   // never leave workers behind, even on failure
        let outcomeCount = { () throws -> Int in Set(try harness.outcomes().compactMap { $0["eventId"] as? String }).count }
        func waitForOutcomes(atLeast count: Int, timeout: Duration = .seconds(120)) async throws {
            var seen = 0
            let reached = try await waitUntil(timeout: timeout, pollEvery: .milliseconds(500)) {
                seen = try outcomeCount()
                return seen >= count
            }
            #expect(reached, "outcomes for \(seen) of \(count) events; worker logs:\n\(workers.map { "\($0.name): \($0.logTail)" }.joined(separator: "\n"))")
        }

        try await harness.publish(Array(events[0..<350]))
        try await waitForOutcomes(atLeast: 150)
        workers[0].kill()                                                        // SIGKILL mid-batch
        try await harness.publish(Array(events[350..<650]))
        try await waitForOutcomes(atLeast: 400)
        try harness.cluster.setBrokerDown(2)                                     // a broker outage while booking
        // Producers keep publishing during the outage; records for broker 2's partitions wait in their queues.
        let outageBatch = Array(events[650..<800])
        let publishing = Task { [harness] in try await harness.publish(outageBatch) }
        workers[1].kill()                                                        // and a second SIGKILL during it
        workers.append(try WorkerProcess(name: "w3", environment: environment))  // a replacement joins
        try await Task.sleep(for: .seconds(3))                                   // the scenario: a 3 s outage
        try harness.cluster.setBrokerUp(2)
        try await publishing.value
        try await harness.publish(Array(events[800..<eventCount]))
        try await waitForOutcomes(atLeast: eventCount, timeout: .seconds(180))

        // The running workers commit at the contiguous done mark: the group's offsets reach the end of the input.
        let ends = try harness.inputEnds()
        var committed: [Int32: Int64] = [:]
        let caughtUp = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(500)) {
            committed = try harness.committedOffsets()
            return ends.allSatisfy { committed[$0.key] == $0.value }
        }
        #expect(caughtUp, "committed \(committed) vs ends \(ends)")

        // Graceful stop of the survivors: they commit what is done and leave the group.
        for worker in workers where worker.isRunning {
            #expect(worker.terminate() == 0, "\(worker.name) must exit 0 on SIGTERM:\n\(worker.logTail)")
        }

        let outcomes = try harness.outcomes()
        let deadLetters = try harness.readAll(harness.deadLetterTopic, partitions: 2)
        let lines = bc.simulator.lines()

        // No lost event: every event has an outcome.
        let statusesByEvent = Dictionary(grouping: outcomes, by: { $0["eventId"] as? String ?? "" }).mapValues { Set($0.compactMap { $0["status"] as? String }) }
        #expect(Set(statusesByEvent.keys) == Set(keyOfEvent.keys))
        // No duplicate payment: at most one BC line per idempotency token, and every booked key has exactly one.
        let linesPerToken = Dictionary(grouping: lines, by: \.externalDocumentNumber).mapValues(\.count)
        #expect(linesPerToken.values.allSatisfy { $0 == 1 }, "duplicated tokens: \(linesPerToken.filter { $0.value > 1 }.count)")
        let bookedKeys = Set(statusesByEvent.filter { !$0.value.isDisjoint(with: ["created", "duplicate"]) }.keys.compactMap { keyOfEvent[$0] })
        #expect(Set(linesPerToken.keys) == Set(bookedKeys.map { IdempotencyToken(idempotencyKey: $0).value }))
        // DLQ = exactly the rejected and failed events.
        let deadLetterEvents = Set(deadLetters.compactMap { record in record.headers.first { $0.key == "relay.event.id" }?.stringValue })
        let notBooked = Set(statusesByEvent.filter { !$0.value.isDisjoint(with: ["rejected", "failed"]) }.keys)
        #expect(deadLetterEvents == notBooked)
        #expect(notBooked.count >= eventCount / 50 - 1, "the unknown-customer events must be rejected")
        // A graceful stop never moves committed offsets backwards.
        let finalOffsets = try harness.committedOffsets()
        #expect(ends.allSatisfy { finalOffsets[$0.key] == $0.value }, "committed \(finalOffsets) vs ends \(ends)")
    }
}
