import Foundation
import Kafka
import ExactJSON
import RelayCore

/// Reads the outcome topic for a reconciliation: a private consumer (no group, nothing committed), from the records
/// of ``lookback`` before the period (by `offsetsForTimes`, else from the beginning) up to the high watermarks taken
/// at the start, every record into an ``OutcomeSelection``.
enum OutcomeScan {
    /// How far before the period outcomes are read, so a line edited in the period whose outcome came just before it
    /// is still matched.
    static let lookback: TimeInterval = 86_400

    /// Reads `topic`; blocks (run it off the cooperative pool).
    /// - Throws: `KafkaError` when the cluster cannot be reached, ``ReconciliationError`` when the topic is missing or
    ///   the read does not finish within `timeout`.
    static func read(topic: String, kafka: KafkaConfiguration, period: ReconciliationPeriod, timeout: Duration) throws -> OutcomeSelection {
        var configuration = kafka
        configuration.groupId = nil
        if configuration.clientId == nil { configuration.clientId = "payment-relay-reconcile" }
        let producer = try KafkaProducer(configuration: configuration, logger: .disabled)
        let partitionCount = try producer.partitionCounts(topics: [topic], timeout: timeout)[topic]
        producer.close(timeout: .seconds(1))
        guard let partitionCount else { throw ReconciliationError("outcome topic '\(topic)' does not exist") }
        let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        let partitions = (0..<Int32(partitionCount)).map { TopicPartition(topic: topic, partition: $0) }
        // A broker that cannot answer by time (the mock cluster) leaves every partition to be read from its start.
        let byTime = (try? consumer.offsets(atOrAfter: period.from.addingTimeInterval(-lookback), partitions, timeout: timeout)) ?? [:]
        var selection = OutcomeSelection(period: period)
        var ends: [TopicPartition: Int64] = [:], starts: [TopicPartition: KafkaOffset] = [:]
        // Partitions read from a low watermark above 0: retention may have removed outcomes of the period.
        var fromLow: Set<TopicPartition> = []
        for partition in partitions {
            let (low, high) = try consumer.watermarks(partition, timeout: timeout)
            let start = max(low, byTime[partition] ?? low)
            guard start < high else { continue }
            if start == low, low > 0 { fromLow.insert(partition) }
            starts[partition] = .specific(start)
            ends[partition] = high
        }
        guard !starts.isEmpty else { return selection }
        try consumer.assign(starts)
        let deadline = ContinuousClock.now + timeout
        var pending = Set(ends.keys)
        while !pending.isEmpty {
            guard ContinuousClock.now < deadline else {
                throw ReconciliationError("reading \(topic) did not reach its end within \(timeout)")
            }
            guard let record = try consumer.poll(timeout: .milliseconds(100)) else {
                // The end may sit past records never delivered (compaction, transaction markers).
                pending = pending.filter { (consumer.position($0) ?? -1) < ends[$0]! }
                continue
            }
            let partition = record.topicPartition
            guard let end = ends[partition], record.offset < end else { continue }
            if record.offset + 1 >= end { pending.remove(partition) }
            if fromLow.remove(partition) != nil, let time = record.timestamp, time > period.from {
                selection.note("outcome topic partition \(partition.partition) begins at \(TimestampFormat.rfc3339(time)) (offset "
                               + "\(record.offset)), after the period's start: older outcomes are gone (retention), so their lines "
                               + "show as lines without outcome")
            }
            selection.add(json: record.value ?? [])
        }
        return selection
    }
}

/// A reconciliation that cannot run (a missing topic, a read that did not finish).
public struct ReconciliationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
