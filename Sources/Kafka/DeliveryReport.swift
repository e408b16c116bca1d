/// Where the broker stored a produced record.
public struct DeliveryReport: Sendable, Hashable {
    /// The topic written.
    public var topic: String
    /// The partition written.
    public var partition: Int32
    /// The offset assigned by the broker.
    public var offset: Int64

    /// Creates a report.
    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
