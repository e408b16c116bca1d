import Foundation

/// Which dead letters a replay selects, by their `relay.*` headers (see ``DeadLetterMetadata``).
///
/// Each criterion left empty or `nil` matches everything; the criteria given must ALL hold, and within a list ANY
/// value matches. Classes and codes compare case-insensitively, event ids exactly. Partitions and offsets are those
/// of the ORIGINAL input record. The failed-at range is half-open: `failedAt >= failedAfter` and
/// `failedAt < failedBefore`. A criterion on a header the record lacks (or cannot be parsed) does not match, and a
/// record without relay headers never matches, even with an empty filter: it is not a dead letter of this relay.
public struct DeadLetterFilter: Sendable, Equatable {
    /// `relay.error.class` values, any of.
    public var errorClasses: Set<String>
    /// `relay.error.code` values, any of.
    public var errorCodes: Set<String>
    /// `relay.event.id` values, any of.
    public var eventIds: Set<String>
    /// `relay.original.partition` values, any of.
    public var originalPartitions: Set<Int32>
    /// Smallest `relay.original.offset` included.
    public var originalOffsetFrom: Int64?
    /// Largest `relay.original.offset` included.
    public var originalOffsetTo: Int64?
    /// Earliest `relay.failed.at` included.
    public var failedAfter: Date?
    /// First `relay.failed.at` excluded.
    public var failedBefore: Date?

    /// Creates a filter; the default matches every dead letter of this relay.
    public init(errorClasses: Set<String> = [], errorCodes: Set<String> = [], eventIds: Set<String> = [],
                originalPartitions: Set<Int32> = [], originalOffsetFrom: Int64? = nil, originalOffsetTo: Int64? = nil,
                failedAfter: Date? = nil, failedBefore: Date? = nil) {
        self.errorClasses = Set(errorClasses.map { $0.lowercased() })
        self.errorCodes = Set(errorCodes.map { $0.lowercased() })
        self.eventIds = eventIds
        self.originalPartitions = originalPartitions
        self.originalOffsetFrom = originalOffsetFrom
        self.originalOffsetTo = originalOffsetTo
        self.failedAfter = failedAfter
        self.failedBefore = failedBefore
    }

    /// Whether no criterion is set.
    public var isEmpty: Bool { self == DeadLetterFilter() }

    /// Whether the record with these headers (name, UTF-8 value) is a dead letter this filter selects.
    public func matches(headers: [(name: String, value: String?)]) -> Bool {
        DeadLetterMetadata(headers: headers).map(matches) ?? false
    }

    /// Whether this dead letter is selected.
    public func matches(_ deadLetter: DeadLetterMetadata) -> Bool {
        guard errorClasses.isEmpty || errorClasses.contains(deadLetter.errorClass.lowercased()) else { return false }
        guard errorCodes.isEmpty || deadLetter.errorCode.map({ errorCodes.contains($0.lowercased()) }) == true else { return false }
        guard eventIds.isEmpty || deadLetter.eventId.map(eventIds.contains) == true else { return false }
        guard originalPartitions.isEmpty || deadLetter.originalPartition.map(originalPartitions.contains) == true else { return false }
        if originalOffsetFrom != nil || originalOffsetTo != nil {
            guard let offset = deadLetter.originalOffset else { return false }
            if let from = originalOffsetFrom, offset < from { return false }
            if let to = originalOffsetTo, offset > to { return false }
        }
        if failedAfter != nil || failedBefore != nil {
            guard let failedAt = deadLetter.failedAt else { return false }
            if let after = failedAfter, failedAt < after { return false }
            if let before = failedBefore, failedAt >= before { return false }
        }
        return true
    }
}
