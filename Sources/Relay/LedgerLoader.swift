import Clocks
import Foundation
import Kafka
import RelayCore
import Telemetry

/// Reads one partition of the ledger topic into a ``PartitionLedger``, from the offset it has read up to (0 for a new
/// one) to the high watermark: a compacted topic, so a first load reads one entry per token plus recent history, and a
/// partition that comes back after a rebalance reads only what was written since.
struct LedgerLoader: Sendable {
    let kafka: KafkaConfiguration
    let topic: String
    let retention: Duration
    /// How long one attempt may read (`RELAY_LEDGER_LOAD_TIMEOUT`) before it gives up its consumer; the next attempt
    /// goes on from where it stopped.
    let timeout: Duration
    let clock: any ServiceClock
    let logger: Logger
    /// Counts the records read (`relay_ledger_records_read_total`).
    let recordsRead: Counter?

    /// How a load attempt ended.
    enum Outcome: Equatable {
        /// Read up to the high watermark seen at its start.
        case complete
        /// `shouldContinue` said stop.
        case stopped
    }

    /// An empty ledger of the configured retention, to load from the beginning.
    func emptyLedger() -> PartitionLedger {
        PartitionLedger(ledger: IdempotencyLedger(retention: retention))
    }

    /// Reads partition `partition` from `ledger.nextOffset` to its high watermark, applying every entry; `ledger` keeps
    /// what was read however the attempt ends. Blocking: callers run it on their own thread.
    /// - Parameter shouldContinue: asked every few hundred records; `false` ends the attempt as ``Outcome/stopped``.
    /// - Throws: a ``KafkaError`` (`timedOut` once ``timeout`` has passed).
    func load(partition: Int32, into ledger: inout PartitionLedger, nowMillis: Int64, shouldContinue: () -> Bool) throws -> Outcome {
        var configuration = kafka
        // A private reader: no group, no commits.
        configuration.properties.removeValue(forKey: "group.id")
        configuration["enable.auto.commit"] = "false"
        configuration["client.id"] = "payment-relay-ledger-loader"
        // librdkafka 2.0.2 postpones a partition's next fetch by a fixed second once its fetch queue holds
        // `queued.min.messages`; one fetch brings thousands of ledger records, so the consumer default (1000) made
        // a load read about one fetch per second (measured: 200,000 keys in 32 s; with this, 3–8 s). The byte bound
        // (`queued.max.messages.kbytes`, 2 MiB by default) still caps the prefetch.
        configuration["queued.min.messages"] = "1000000"
        let consumer = try KafkaConsumer(configuration: configuration, logger: logger)
        defer { consumer.close(timeout: .seconds(5)) }
        let topicPartition = TopicPartition(topic: topic, partition: partition)
        let (low, high) = try consumer.watermarks(topicPartition, timeout: .seconds(10))
        let resumedFrom = ledger.nextOffset
        if ledger.prepareLoad(low: low, high: high) {
            logger.warning("kept ledger does not match the ledger topic any more; reading the partition from its start",
                           ["kafka.partition": String(partition), "ledger.offset": String(resumedFrom),
                            "kafka.low": String(low), "kafka.high": String(high)])
        }
        guard ledger.nextOffset < high else {
            ledger.ledger.expire(nowMillis: nowMillis)
            return .complete
        }
        try consumer.assign([topicPartition: .specific(ledger.nextOffset)])
        let deadline = clock.uptime() + timeout
        var unreported = 0
        defer { recordsRead?.increment(by: Double(unreported)) }
        while ledger.nextOffset < high {
            if unreported >= 256 {
                recordsRead?.increment(by: Double(unreported))
                unreported = 0
                guard shouldContinue() else { return .stopped }
            }
            guard clock.uptime() < deadline else {
                throw KafkaError(code: .timedOut, message: "ledger partition \(partition) not read to \(high) within \(timeout) (at \(ledger.nextOffset))",
                                 isFatal: false, isRetriable: true)
            }
            guard let record = try consumer.poll(timeout: .milliseconds(100)) else {
                guard shouldContinue() else { return .stopped }
                continue
            }
            guard record.offset >= ledger.nextOffset else { continue }
            ledger.nextOffset = record.offset + 1
            unreported += 1
            if let entry = LedgerEntry.decode(key: record.key, value: record.value) { ledger.ledger.apply(entry) }
        }
        ledger.ledger.expire(nowMillis: nowMillis)
        return .complete
    }
}
