import Kafka

/// The result of one replay.
public struct ReplaySummary: Sendable, Equatable {
    /// Why the replay ended.
    public enum Ending: Sendable, Equatable {
        /// Every record up to the high watermarks taken at the start was handled.
        case completed
        /// The limit was reached; the next run resumes after the last record handled.
        case limitReached
        /// Stopped on request (signal or cancellation); the next run resumes after the last record handled.
        case stopped
        /// A record could not be re-published; the next run resumes with it.
        case failed(String)
    }

    /// Why it ended.
    public var ending: Ending
    /// Whether this was a dry run (nothing published or committed).
    public var dryRun: Bool
    /// The final counts.
    public var progress: ReplayProgress
    /// In a dry run, the records that would be replayed, in the order read; empty otherwise.
    public var candidates: [ReplayCandidate]
    /// The replay group's offsets committed at the end (empty in a dry run or when the final commit failed).
    public var committed: [TopicPartition: Int64]
    /// Why the final commit failed, if it did (the next run then replays some records again: harmless duplicates).
    public var commitError: String?
    /// Per partition, the first record the filter skipped when unmatched records are held (not `skipUnmatched`): the
    /// group's position stays there, so a later run starts from it.
    public var firstSkipped: [TopicPartition: Int64] = [:]

    /// Creates a summary.
    public init(ending: Ending, dryRun: Bool, progress: ReplayProgress, candidates: [ReplayCandidate] = [],
                committed: [TopicPartition: Int64] = [:], commitError: String? = nil) {
        self.ending = ending
        self.dryRun = dryRun
        self.progress = progress
        self.candidates = candidates
        self.committed = committed
        self.commitError = commitError
    }
}
