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
    private var tracker = PartitionOffsetTracker()
    /// Whether this flow asked for a pause that has not been undone.
    public private(set) var isPaused = false

    /// - Parameters:
    ///   - maxInFlight: the window size (at least 1).
    ///   - resumeBelow: resume when fewer than this many remain pending (default: half the window).
    public init(maxInFlight: Int, resumeBelow: Int? = nil) {
        self.maxInFlight = max(1, maxInFlight)
        self.resumeBelow = max(1, min(resumeBelow ?? (maxInFlight + 1) / 2, self.maxInFlight))
    }

    /// Records pending in the window.
    public var pendingCount: Int { tracker.pendingCount }

    /// The offset last made committable.
    public var committableOffset: Int64? { tracker.committableOffset }

    /// The offset a restart would resume from (see ``PartitionOffsetTracker/resumeOffset``).
    public var resumeOffset: Int64? { tracker.resumeOffset }

    /// Accepts a consumed record. Returns `nil` when it must be ignored (already tracked: a redelivery of a record in
    /// flight), else the actions to take (possibly a pause).
    public mutating func accept(offset: Int64) -> [Action]? {
        guard tracker.begin(offset) else { return nil }
        if !isPaused, tracker.pendingCount >= maxInFlight {
            isPaused = true
            return [.pause]
        }
        return []
    }

    /// Marks a record's outcome durable.
    public mutating func complete(offset: Int64) -> [Action] {
        var actions: [Action] = []
        if let next = tracker.complete(offset) { actions.append(.storeOffset(next)) }
        if isPaused, tracker.pendingCount < resumeBelow {
            isPaused = false
            actions.append(.resume)
        }
        return actions
    }
}
