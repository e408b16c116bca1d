import Kafka
import RelayCore

/// What a ``DeadLetterReplayer`` reads, where it publishes, and which dead letters it selects.
public struct DeadLetterReplayConfiguration: Sendable {
    /// `bootstrap.servers` plus any other librdkafka properties, shared by the replay's consumer and producer.
    public var kafka: KafkaConfiguration
    /// The dead-letter topic to read.
    public var deadLetterTopic: String
    /// The relay's input topic to re-publish to.
    public var inputTopic: String
    /// The replay's own consumer group: its committed offsets on the dead-letter topic make replays resumable.
    public var groupId: String
    /// Which dead letters to replay.
    public var filter: DeadLetterFilter
    /// List what would be replayed; publish nothing and commit nothing.
    public var dryRun: Bool
    /// Store positions past records the filter does not select, so the group passes them over for good. Off by
    /// default: a partition's committed position then stays at its first skipped record, so a later replay in the
    /// same group (with another filter) still sees it.
    public var skipUnmatched: Bool
    /// Stop after this many records replayed (or listed, in a dry run); `nil` for no limit.
    public var limit: Int?
    /// At most this many records published per second; `nil` for no cap.
    public var maxRecordsPerSecond: Double?
    /// How often stored offsets are committed while the replay runs (and always at the end).
    public var commitInterval: Duration
    /// The shortest gap between two progress reports.
    public var progressInterval: Duration

    /// The default replay consumer group.
    public static let defaultGroupId = "payment-relay-replay"

    /// Creates a configuration.
    /// - Precondition: `limit` > 0 and `maxRecordsPerSecond` > 0 when given.
    public init(kafka: KafkaConfiguration, deadLetterTopic: String, inputTopic: String, groupId: String = defaultGroupId,
                filter: DeadLetterFilter = DeadLetterFilter(), dryRun: Bool = false, skipUnmatched: Bool = false, limit: Int? = nil,
                maxRecordsPerSecond: Double? = nil, commitInterval: Duration = .seconds(2), progressInterval: Duration = .seconds(1)) {
        precondition(limit.map { $0 > 0 } ?? true, "limit must be positive")
        precondition(maxRecordsPerSecond.map { $0 > 0 && $0.isFinite } ?? true, "the rate cap must be positive")
        self.kafka = kafka
        self.deadLetterTopic = deadLetterTopic
        self.inputTopic = inputTopic
        self.groupId = groupId
        self.filter = filter
        self.dryRun = dryRun
        self.skipUnmatched = skipUnmatched
        self.limit = limit
        self.maxRecordsPerSecond = maxRecordsPerSecond
        self.commitInterval = commitInterval
        self.progressInterval = progressInterval
    }
}
