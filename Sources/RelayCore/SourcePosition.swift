import Foundation

/// Where an input record came from.
public struct SourcePosition: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    /// The record's Kafka timestamp, when it had one.
    public var timestamp: Date?

    public init(topic: String, partition: Int32, offset: Int64, timestamp: Date? = nil) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.timestamp = timestamp
    }
}
