/// Counts of a replay so far.
public struct ReplayProgress: Sendable, Equatable {
    /// Dead-letter records read.
    public var scanned = 0
    /// Records the filter selected (in a dry run: listed).
    public var matched = 0
    /// Records re-published and acknowledged by the broker.
    public var replayed = 0
    /// Records not selected (including records without relay headers).
    public var skipped = 0
    /// Records replayed after a skipped record of their partition: not committed past (unless `skipUnmatched`), so a
    /// later run in the same group reads, and replays, them again.
    public var heldBack = 0
    /// Records between the group's position and the high watermarks taken at the start.
    public var total = 0
    /// Time since the replay started.
    public var elapsed: Duration = .zero

    /// Creates empty counts.
    public init() {}

    /// Replayed records per second since the start (0 before any time passed).
    public var ratePerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(replayed) / seconds : 0
    }
}
