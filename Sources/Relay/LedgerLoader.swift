import Foundation
import Kafka
import RelayCore
import Telemetry

/// Rebuilds the in-memory idempotency ledger of one partition by reading the ledger topic's partition from its
/// start to its high watermark (a compacted topic, so this is one entry per token plus recent history).
struct LedgerLoader: Sendable {
    let kafka: KafkaConfiguration
    let topic: String
    let retention: Duration
    let logger: Logger

    /// Loads partition `partition`; blocking, so callers run it off the cooperative pool.
    func load(partition: Int32, nowMillis: Int64) throws -> IdempotencyLedger {
        var ledger = IdempotencyLedger(retention: retention)
        var configuration = kafka
        // A private reader: no group, no commits.
        configuration.properties.removeValue(forKey: "group.id")
        configuration["enable.auto.commit"] = "false"
        configuration["client.id"] = "payment-relay-ledger-loader"
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { consumer.close(timeout: .seconds(5)) }
        let topicPartition = TopicPartition(topic: topic, partition: partition)
        let (low, high) = try consumer.watermarks(topicPartition, timeout: .seconds(10))
        guard high > low else { return ledger }
        try consumer.assign([topicPartition: .beginning])
        var next = low
        let deadline = ContinuousClock.now + .seconds(120)
        while next < high {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(code: .timedOut, message: "ledger partition \(partition) not read to \(high) within 120 s (at \(next))", isFatal: false, isRetriable: true)
            }
            guard let record = try consumer.poll(timeout: .milliseconds(100)) else { continue }
            next = record.offset + 1
            if let entry = LedgerEntry.decode(key: record.key, value: record.value) { ledger.apply(entry) }
        }
        ledger.expire(nowMillis: nowMillis)
        return ledger
    }
}
