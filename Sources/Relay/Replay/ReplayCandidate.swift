import RelayCore

/// A dead letter selected for replay: where it sits in the dead-letter topic and what the relay recorded about it.
public struct ReplayCandidate: Sendable, Equatable {
    /// The dead-letter partition.
    public var partition: Int32
    /// The dead-letter offset.
    public var offset: Int64
    /// The relay headers of the dead letter.
    public var deadLetter: DeadLetterMetadata

    /// Creates a candidate.
    public init(partition: Int32, offset: Int64, deadLetter: DeadLetterMetadata) {
        self.partition = partition
        self.offset = offset
        self.deadLetter = deadLetter
    }
}
