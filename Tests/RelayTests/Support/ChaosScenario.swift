import BCSimulator
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Synchronization
import Testing

/// A mock cluster, the BC simulator and relay worker processes, with the checks every chaos test ends with: no event
/// lost, no token booked twice, one outcome status per event, DLQ = exactly the rejected and failed events, offsets
/// committed to the end of the input.
final class ChaosScenario: @unchecked Sendable {
    let harness: RelayHarness
    let bc: SimulatorHarness
    var environment: [String: String]
    private(set) var workers: [WorkerProcess] = []
    /// eventId → idempotency key of every event published (publishes may run concurrently).
    private let keys = Mutex<[String: String]>([:])
    var keyOfEvent: [String: String] { keys.withLock { $0 } }

    init(partitions: Int32 = 4, brokers: Int = 1, environment extra: [String: String] = [:],
         simulator adjust: (inout SimulatorConfiguration) -> Void = { _ in }) throws {
        harness = try RelayHarness(partitions: partitions, brokers: brokers)
        bc = try SimulatorHarness(adjust)
        environment = Self.workerEnvironment(harness, bc)
        environment.merge(extra) { _, new in new }
    }

    deinit { workers.filter(\.isRunning).forEach { $0.kill() } }

    /// What a `payment-relay run` worker needs to reach this cluster and simulator, tuned for tests (6 s sessions,
    /// fast retries, a 3 s BC timeout).
    static func workerEnvironment(_ harness: RelayHarness, _ bc: SimulatorHarness) -> [String: String] {
        bc.environment.merging([
            "KAFKA_BOOTSTRAP_SERVERS": harness.cluster.bootstrapServers, "KAFKA_GROUP_ID": harness.groupId,
            "KAFKA_FETCH_WAIT_MAX_MS": "50", "KAFKA_SESSION_TIMEOUT_MS": "6000", "KAFKA_HEARTBEAT_INTERVAL_MS": "500",
            "KAFKA_TOPIC_METADATA_REFRESH_INTERVAL_MS": "2000",
            "RELAY_INPUT_TOPIC": harness.inputTopic, "RELAY_OUTCOME_TOPIC": harness.outcomeTopic,
            "RELAY_DLQ_TOPIC": harness.deadLetterTopic, "RELAY_LEDGER_TOPIC": harness.ledgerTopic,
            "BC_REQUEST_TIMEOUT": "3s", "RELAY_RETRY_BASE_DELAY": "20ms", "RELAY_RETRY_MAX_DELAY": "500ms",
            "RELAY_RETRY_MAX_ATTEMPTS": "20", "RELAY_RETRY_MAX_ELAPSED": "120s", "RELAY_SHUTDOWN_TIMEOUT": "6s",
            "RELAY_HTTP_HOST": "127.0.0.1", "RELAY_HTTP_PORT": "0", "LOG_LEVEL": "notice", "LOG_FORMAT": "text", "RELAY_DEFAULT_CURRENCY": "USD",
        ]) { _, new in new }
    }

    @discardableResult
    func startWorker() throws -> WorkerProcess {
        let worker = try WorkerProcess(name: "w\(workers.count)", environment: environment)
        workers.append(worker)
        return worker
    }

    /// Events `evt-<n>` with key `pay-<n>` for customers that exist, and every 50th for an unknown customer.
    func publish(_ range: Range<Int>, prefix: String = "") async throws {
        var events: [(key: String, value: String)] = []
        for index in range {
            let eventId = "\(prefix)evt-\(index)", key = "\(prefix)pay-\(index)"
            let customer = index % 50 == 13 ? "C99999" : ["C10000", "C20000", "C30000", "C40000"][index % 4]
            keys.withLock { $0[eventId] = key }
            events.append((key: key, value: paymentEvent(id: eventId, key: key, customer: customer, amount: "\"\(index % 997 + 1).25\"")))
        }
        try await harness.publish(events)
    }

    /// Publishes one event to an explicit partition (a producer that keys by something else than the idempotency key).
    func publish(eventId: String, key: String, toPartition partition: Int32) async throws {
        keys.withLock { $0[eventId] = key }
        _ = try await harness.producer.send(ProducerRecord(topic: harness.inputTopic, partition: partition, key: Array(eventId.utf8),
                                                           value: Array(paymentEvent(id: eventId, key: key).utf8), headers: []))
    }

    /// Distinct events with an outcome so far.
    func outcomeCount() throws -> Int { Set(try harness.outcomes().compactMap { $0["eventId"] as? String }).count }

    /// Waits until `count` events have an outcome; records an issue with the workers' log tails when it times out.
    func waitForOutcomes(atLeast count: Int, timeout: Duration = .seconds(120)) async throws {
        var seen = 0
        let reached = try await waitUntil(timeout: timeout, pollEvery: .milliseconds(250)) {
            seen = try outcomeCount()
            return seen >= count
        }
        #expect(reached, "outcomes for \(seen) of \(count) events; \(workerLogs)")
    }

    var workerLogs: String { "worker logs:\n" + workers.map { "\($0.name): \($0.logTail)" }.joined(separator: "\n") }

    /// Waits for every published event's outcome and the group's commits, stops the workers gracefully, and checks
    /// the invariants. Returns the statuses per event for test-specific checks.
    @discardableResult
    func finishAndVerify(timeout: Duration = .seconds(150), sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Set<String>] {
        try await waitForOutcomes(atLeast: keyOfEvent.count, timeout: timeout)
        let ends = try harness.inputEnds()
        var committed: [Int32: Int64] = [:]
        let caughtUp = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(500)) {
            committed = try harness.committedOffsets()
            return ends.allSatisfy { committed[$0.key] == $0.value }
        }
        #expect(caughtUp, "committed \(committed) vs ends \(ends)", sourceLocation: sourceLocation)
        for worker in workers where worker.isRunning {
            #expect(worker.terminate() == 0, "\(worker.name) must exit 0 on SIGTERM:\n\(worker.logTail)", sourceLocation: sourceLocation)
        }

        let outcomes = try harness.outcomes()
        let deadLetters = try harness.readAll(harness.deadLetterTopic)
        let statuses = Dictionary(grouping: outcomes, by: { $0["eventId"] as? String ?? "" }).mapValues { Set($0.compactMap { $0["status"] as? String }) }
        // No event lost.
        #expect(Set(statuses.keys) == Set(keyOfEvent.keys), "events without an outcome: \(Set(keyOfEvent.keys).subtracting(statuses.keys).count)",
                sourceLocation: sourceLocation)
        // One outcome status per event, however often it was delivered.
        let ambiguous = statuses.filter { $0.value.count > 1 }
        #expect(ambiguous.isEmpty, "\(ambiguous.count) events with two statuses, e.g. \(ambiguous.prefix(3))", sourceLocation: sourceLocation)
        // No payment booked twice; every booked key has its line.
        let linesPerToken = bc.linesPerToken()
        let duplicated = linesPerToken.filter { $0.value > 1 }
        #expect(duplicated.isEmpty, "\(duplicated.count) tokens booked more than once; \(workerLogs)", sourceLocation: sourceLocation)
        let bookedKeys = Set(statuses.filter { !$0.value.isDisjoint(with: ["created", "duplicate"]) }.keys.compactMap { keyOfEvent[$0] })
        #expect(Set(linesPerToken.keys) == Set(bookedKeys.map { IdempotencyToken(idempotencyKey: $0).value }), sourceLocation: sourceLocation)
        // DLQ = exactly the rejected and failed events.
        let deadLetterEvents = Set(deadLetters.compactMap { record in record.headers.first { $0.key == "relay.event.id" }?.stringValue })
        let notBooked = Set(statuses.filter { !$0.value.isDisjoint(with: ["rejected", "failed"]) }.keys)
        #expect(deadLetterEvents == notBooked, sourceLocation: sourceLocation)
        let finalOffsets = try harness.committedOffsets()
        #expect(ends.allSatisfy { finalOffsets[$0.key] == $0.value }, "committed \(finalOffsets) vs ends \(ends)", sourceLocation: sourceLocation)
        return statuses
    }
}
