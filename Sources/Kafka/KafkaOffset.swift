/// Where to start reading a manually assigned partition.
public enum KafkaOffset: Sendable, Hashable {
    /// The oldest retained record.
    case beginning
    /// Only records produced after the assignment.
    case end
    /// The group's committed offset (falls back to `auto.offset.reset`).
    case stored
    /// This exact offset.
    case specific(Int64)

    /// The librdkafka offset value (`RD_KAFKA_OFFSET_*` for the logical ones).
    var rawOffset: Int64 {
        switch self {
        case .beginning: -2
        case .end: -1
        case .stored: -1000
        case .specific(let offset): offset
        }
    }
}
