/// Flow control for one assigned partition: the bounded in-flight window, pause/resume decisions and the
/// committable offset. Pure; the shell executes the returned actions on the polling thread.
///
/// The window counts every record between consumption and durable outcome, including records that finished out of
/// order and wait for an earlier one. When it is full the partition is paused (polling continues, so
/// `max.poll.interval.ms` is never exceeded); it resumes once the window has drained to ``resumeBelow``.
public struct PartitionFlow: Sendable, Equatable {
    /// What the shell must do.
    public enum Action: Sendable, Equatable {
        case pause
        case resume
        /// Store this next-offset for commit (one past the contiguous done mark).
        case storeOffset(Int64)
    }

    public let maxInFlight: Int
    public let resumeBelow: Int
    /// The most bytes (record values) the records still being booked may hold; `Int.max`: no byte bound.
    public let maxInFlightBytes: Int
    private var tracker = PartitionOffsetTracker()
    /// Value sizes of the records not yet completed.
    private var bytesByOffset: [Int64: Int] = [:]
    /// Bytes held by the records not yet completed.
    public private(set) var inFlightBytes = 0
    /// Whether this flow asked for a pause that has not been undone.
    public private(set) var isPaused = false

    /// - Parameters:
    ///   - maxInFlight: the window size (at least 1).
    ///   - resumeBelow: resume when fewer than this many remain pending (default: half the window).
    ///   - maxInFlightBytes: the byte bound of the window (a few large records must not exceed the memory limit);
    ///     the partition resumes once both the count and the bytes have drained to half.
    public init(maxInFlight: Int, resumeBelow: Int? = nil, maxInFlightBytes: Int = .max) {
        self.maxInFlight = max(1, maxInFlight)
        self.resumeBelow = max(1, min(resumeBelow ?? (maxInFlight + 1) / 2, self.maxInFlight))
        self.maxInFlightBytes = max(1, maxInFlightBytes)
    }

    private var isFull: Bool { tracker.pendingCount >= maxInFlight || inFlightBytes >= maxInFlightBytes }
    private var hasDrained: Bool { tracker.pendingCount < resumeBelow && inFlightBytes <= maxInFlightBytes / 2 }

    /// Records pending in the window.
    public var pendingCount: Int { tracker.pendingCount }

    /// The offset last made committable.
    public var committableOffset: Int64? { tracker.committableOffset }

    /// The offset a restart would resume from (see ``PartitionOffsetTracker/resumeOffset``).
    public var resumeOffset: Int64? { tracker.resumeOffset }

    /// Accepts a consumed record. Returns `nil` when it must be ignored (already tracked: a redelivery of a record in
    /// flight), else the actions to take (possibly a pause).
    public mutating func accept(offset: Int64, bytes: Int = 0) -> [Action]? {
        guard tracker.begin(offset) else { return nil }
        if bytes > 0 {
            bytesByOffset[offset] = bytes
            inFlightBytes += bytes
        }
        if !isPaused, isFull {
            isPaused = true
            return [.pause]
        }
        return []
    }

    /// Marks a record's outcome durable.
    public mutating func complete(offset: Int64) -> [Action] {
        var actions: [Action] = []
        if let next = tracker.complete(offset) { actions.append(.storeOffset(next)) }
        if let bytes = bytesByOffset.removeValue(forKey: offset) { inFlightBytes -= bytes }
        if isPaused, hasDrained {
            isPaused = false
            actions.append(.resume)
        }
        return actions
    }
}
