/// A change of the consumer's group assignment, reported by ``KafkaConsumer``'s rebalance handler.
public enum RebalanceEvent: Sendable, Equatable {
    /// These partitions are now assigned (reported after librdkafka applied the assignment).
    case assigned([TopicPartition])
    /// These partitions are being taken away in an orderly rebalance (reported before they are dropped,
    /// so offsets can still be stored).
    case revoked([TopicPartition])
    /// These partitions were lost (session timeout, fenced): another member may already own them.
    case lost([TopicPartition])
}

extension RebalanceEvent {
    /// `assigned`, `revoked` or `lost` (the `kind` label of `relay_rebalances_total`).
    public var kind: String {
        switch self {
        case .assigned: "assigned"
        case .revoked: "revoked"
        case .lost: "lost"
        }
    }
}
