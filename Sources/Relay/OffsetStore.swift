import Kafka

/// Where the engine stores the offsets it has finished (for the consumer's next commit).
protocol OffsetStore: Sendable {
    /// Stores each partition's next offset; throws when a partition is no longer assigned.
    func storeOffsets(_ offsets: [TopicPartition: Int64]) throws
}

extension KafkaConsumer: OffsetStore {}
