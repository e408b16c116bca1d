import Foundation
import Kafka
@testable import Relay
import RelayCore
import Telemetry
import Testing

/// Ledger loads against the mock cluster, driving the engine's assignment directly (no group: fast): a partition that
/// comes back after a revoke reads only the entries written since, and a load that passes its deadline goes on from
/// where it stopped instead of reading the partition again.
@Suite struct LedgerLoadTests {
    private func input(_ harness: RelayHarness) -> TopicPartition { TopicPartition(topic: harness.inputTopic, partition: 0) }

    private func engine(_ harness: RelayHarness, settings: RelaySettings, metrics: RelayMetrics) throws -> RelayEngine {
        try RelayEngine.ledgerOnly(settings: settings, metrics: metrics, logger: harness.logger())
    }

    /// Ledger entries for `keys` on partition 0 of the ledger topic, produced in batches of at most `batch` records.
    private func writeLedger(_ harness: RelayHarness, keys: Range<Int>, state: LedgerState = .attempting, eventId: String = "e",
                             batch: Int = 10_000) async throws {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: harness.cluster.bootstrapServers,
                                                                           properties: ["linger.ms": "5", "batch.num.messages": String(batch)]),
                                         logger: .disabled)
        defer { producer.close(timeout: .seconds(5)) }
        let now = Date().millisecondsSince1970
        try await withThrowingTaskGroup(of: Void.self) { group in
            for key in keys {
                let entry = LedgerEntry(token: IdempotencyToken(idempotencyKey: "key-\(key)"), state: state, eventId: eventId,
                                        recordedAtMillis: now, inputPartition: 0, inputOffset: Int64(key))
                group.addTask {
                    _ = try await producer.send(ProducerRecord(topic: harness.ledgerTopic, partition: 0, key: entry.keyBytes,
                                                               value: entry.valueBytes(), headers: []))
                }
            }
            try await group.waitForAll()
        }
    }

    private func loadedCount(_ engine: RelayEngine) -> Int? { engine.ledgerCounts().first?.1 }

    @Test func aPartitionThatComesBackReadsOnlyTheEntriesWrittenSince() async throws {
        let harness = try RelayHarness(partitions: 1)
        let metrics = RelayMetrics()
        let engine = try engine(harness, settings: harness.settings(), metrics: metrics)
        let partition = input(harness)
        try await writeLedger(harness, keys: 0..<300)

        engine.assigned([partition])
        #expect(await waitUntil(timeout: .seconds(20)) { loadedCount(engine) == 300 })
        #expect(metrics.ledgerRecordsRead.value() == 300)
        // The gauge is set just after the ledger is installed: wait for it rather than race it.
        #expect(await waitUntil(timeout: .seconds(5)) { metrics.ledgerBytes.value(labels: ["0"]) > 0 })

        engine.revoked([partition], lost: false, waitUpTo: .seconds(1))
        #expect(engine.ledgerCounts().isEmpty)
        // While another member owns the partition, it books 10 of the attempted keys and 40 new ones.
        try await writeLedger(harness, keys: 0..<10, state: .done(paymentId: UUID(), creator: EventFingerprint(eventId: "other")), eventId: "other")
        try await writeLedger(harness, keys: 300..<340)

        engine.assigned([partition])
        #expect(await waitUntil(timeout: .seconds(20)) { loadedCount(engine) == 340 })
        #expect(metrics.ledgerRecordsRead.value() == 350, "300, then only the 50 written since")
        #expect(engine.ledgerState(IdempotencyToken(idempotencyKey: "key-3"), in: partition) == .done(creator: EventFingerprint(eventId: "other").tag))
        #expect(engine.ledgerState(IdempotencyToken(idempotencyKey: "key-30"), in: partition) == .attempting)
        #expect(engine.ledgerState(IdempotencyToken(idempotencyKey: "key-339"), in: partition) == .attempting)
        #expect(harness.logSink.renderedLines.contains { $0.contains("ledger loaded") && $0.contains("\"ledger.resumed_from\":\"300\"") })
    }

    /// Every attempt reads for 250 ms (slow fetches of a few records each) and gives up its consumer; the next goes on
    /// from the offset reached, so the partition is read once in all.
    @Test func aLoadPastItsDeadlineResumesWhereItStopped() async throws {
        let harness = try RelayHarness(partitions: 1)
        let metrics = RelayMetrics()
        var settings = harness.settings()
        settings.ledgerLoadTimeout = .milliseconds(250)
        settings.kafka["max.partition.fetch.bytes"] = "2048"
        let engine = try engine(harness, settings: settings, metrics: metrics)
        try await writeLedger(harness, keys: 0..<300, batch: 8)
        try harness.cluster.setBrokerRTT(1, .milliseconds(40))

        engine.assigned([input(harness)])
        #expect(await waitUntil(timeout: .seconds(25)) { loadedCount(engine) == 300 })
        let resumed = harness.logSink.entries.filter { $0.message == "ledger load interrupted; resuming" }
        #expect(resumed.count >= 2, "the deadline passed more than once")
        #expect(metrics.ledgerRecordsRead.value() == 300, "no record read twice")
    }
}
