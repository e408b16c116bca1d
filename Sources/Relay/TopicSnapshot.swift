import Foundation
import Kafka

/// Reads every record of a topic from the beginning up to the high watermarks taken at the start (the demo, the
/// benchmark and tests use it to inspect outcomes and dead letters).
public enum TopicSnapshot {
    /// All records of `topic` (every partition), in partition then offset order.
    ///
    /// - Throws: `KafkaError` when the cluster cannot be reached or the read does not finish within `timeout`.
    public static func read(topic: String, kafka: KafkaConfiguration, timeout: Duration = .seconds(30)) throws -> [KafkaRecord] {
        var configuration = kafka
        configuration.groupId = nil
        configuration["fetch.wait.max.ms"] = configuration["fetch.wait.max.ms"] ?? "20"
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: kafka["bootstrap.servers"] ?? ""), logger: .disabled)
        let partitionCount = try producer.partitionCounts(topics: [topic], timeout: timeout)[topic] ?? 0
        producer.close(timeout: .seconds(1))
        let consumer = try KafkaConsumer(configuration: configuration, logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        var ends: [Int32: Int64] = [:]
        var assignment: [TopicPartition: KafkaOffset] = [:]
        for partition in 0..<Int32(partitionCount) {
            let topicPartition = TopicPartition(topic: topic, partition: partition)
            let (low, high) = try consumer.watermarks(topicPartition, timeout: timeout)
            if high > low {
                ends[partition] = high
                assignment[topicPartition] = .beginning
            }
        }
        guard !assignment.isEmpty else { return [] }
        try consumer.assign(assignment)
        var records: [KafkaRecord] = []
        var next: [Int32: Int64] = [:]
        let deadline = ContinuousClock.now + timeout
        while ends.contains(where: { next[$0.key, default: 0] < $0.value }) {
            guard ContinuousClock.now < deadline else {
                throw KafkaError(code: .timedOut, message: "reading \(topic) did not reach its end within \(timeout)", isFatal: false)
            }
            if let record = try consumer.poll(timeout: .milliseconds(50)) {
                records.append(record)
                next[record.partition] = record.offset + 1
            }
        }
        return records.sorted { ($0.partition, $0.offset) < ($1.partition, $1.offset) }
    }
}
