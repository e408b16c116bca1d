import Foundation

/// A record to produce.
public struct ProducerRecord: Sendable, Hashable {
    /// The destination topic.
    public var topic: String
    /// The destination partition; `nil` lets the partitioner choose (by key hash).
    public var partition: Int32?
    /// The record key.
    public var key: [UInt8]?
    /// The record value; `nil` for a tombstone.
    public var value: [UInt8]?
    /// Headers, written in order.
    public var headers: [KafkaHeader]
    /// The create timestamp; `nil` means now.
    public var timestamp: Date?

    /// Creates a record to produce.
    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8]?,
        headers: [KafkaHeader] = [], timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}
