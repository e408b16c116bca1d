import Foundation

/// A consumed record as a plain value (tests may build one without librdkafka).
public struct KafkaRecord: Hashable, Sendable {
    /// The topic it was read from.
    public var topic: String
    /// The partition it was read from.
    public var partition: Int32
    /// Its offset in the partition; the next offset to consume after it is `offset + 1`.
    public var offset: Int64
    /// The record key, if any.
    public var key: [UInt8]?
    /// The record value; `nil` for a tombstone.
    public var value: [UInt8]?
    /// The headers in wire order.
    public var headers: [KafkaHeader]
    /// The record timestamp (create or log-append time), when the broker sent one.
    public var timestamp: Date?

    /// Creates a record from its parts.
    public init(
        topic: String, partition: Int32, offset: Int64,
        key: [UInt8]? = nil, value: [UInt8]? = nil, headers: [KafkaHeader] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// The record's topic and partition.
    public var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}
