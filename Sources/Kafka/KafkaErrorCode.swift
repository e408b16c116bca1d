internal import CRdKafka

/// A librdkafka error code (`rd_kafka_resp_err_t`): negative values are client-local, positive ones broker errors.
public struct KafkaErrorCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `rd_kafka_resp_err_t` value.
    public var rawValue: Int32

    /// Wraps a raw code.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// librdkafka's symbolic name, e.g. `NOT_LEADER_FOR_PARTITION` or `_TRANSPORT`.
    public var name: String { String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue))) }

    /// `name(rawValue)`.
    public var description: String { "\(name)(\(rawValue))" }

    /// No error (0).
    public static let noError = KafkaErrorCode(rawValue: 0)
    /// Local: broker transport failure (-195).
    public static let transport = KafkaErrorCode(rawValue: -195)
    /// Local: generic failure (-196).
    public static let fail = KafkaErrorCode(rawValue: -196)
    /// Local: message timed out before delivery (-192).
    public static let messageTimedOut = KafkaErrorCode(rawValue: -192)
    /// Local: partition end reached (-191).
    public static let partitionEOF = KafkaErrorCode(rawValue: -191)
    /// Local: all brokers down (-187).
    public static let allBrokersDown = KafkaErrorCode(rawValue: -187)
    /// Local: invalid argument or configuration (-186).
    public static let invalidArgument = KafkaErrorCode(rawValue: -186)
    /// Local: operation timed out (-185).
    public static let timedOut = KafkaErrorCode(rawValue: -185)
    /// Local: producer queue full (-184).
    public static let queueFull = KafkaErrorCode(rawValue: -184)
    /// Local: wrong state, e.g. the client is closed (-172).
    public static let state = KafkaErrorCode(rawValue: -172)
    /// Local: no offset to commit (-168).
    public static let noOffset = KafkaErrorCode(rawValue: -168)
    /// Local: purged from the queue on close (-152).
    public static let purgeQueue = KafkaErrorCode(rawValue: -152)
    /// Local: purged while in flight on close; delivery unknown (-151).
    public static let purgeInflight = KafkaErrorCode(rawValue: -151)
    /// Local: the client raised a fatal error (-150).
    public static let fatal = KafkaErrorCode(rawValue: -150)
    /// Local: the assignment was lost (-142).
    public static let assignmentLost = KafkaErrorCode(rawValue: -142)
    /// UNKNOWN_TOPIC_OR_PARTITION (3).
    public static let unknownTopicOrPartition = KafkaErrorCode(rawValue: 3)
    /// LEADER_NOT_AVAILABLE (5).
    public static let leaderNotAvailable = KafkaErrorCode(rawValue: 5)
    /// NOT_LEADER_FOR_PARTITION (6).
    public static let notLeaderForPartition = KafkaErrorCode(rawValue: 6)
    /// REQUEST_TIMED_OUT (7).
    public static let requestTimedOut = KafkaErrorCode(rawValue: 7)
    /// NETWORK_EXCEPTION (13).
    public static let networkException = KafkaErrorCode(rawValue: 13)
    /// COORDINATOR_LOAD_IN_PROGRESS (14).
    public static let coordinatorLoadInProgress = KafkaErrorCode(rawValue: 14)
    /// COORDINATOR_NOT_AVAILABLE (15).
    public static let coordinatorNotAvailable = KafkaErrorCode(rawValue: 15)
    /// NOT_COORDINATOR (16).
    public static let notCoordinator = KafkaErrorCode(rawValue: 16)
    /// NOT_ENOUGH_REPLICAS (19).
    public static let notEnoughReplicas = KafkaErrorCode(rawValue: 19)
    /// NOT_ENOUGH_REPLICAS_AFTER_APPEND (20).
    public static let notEnoughReplicasAfterAppend = KafkaErrorCode(rawValue: 20)
    /// ILLEGAL_GENERATION (22).
    public static let illegalGeneration = KafkaErrorCode(rawValue: 22)
    /// UNKNOWN_MEMBER_ID (25).
    public static let unknownMemberId = KafkaErrorCode(rawValue: 25)
    /// REBALANCE_IN_PROGRESS (27).
    public static let rebalanceInProgress = KafkaErrorCode(rawValue: 27)
    /// TOPIC_AUTHORIZATION_FAILED (29).
    public static let topicAuthorizationFailed = KafkaErrorCode(rawValue: 29)
    /// GROUP_AUTHORIZATION_FAILED (30).
    public static let groupAuthorizationFailed = KafkaErrorCode(rawValue: 30)
    /// CLUSTER_AUTHORIZATION_FAILED (31).
    public static let clusterAuthorizationFailed = KafkaErrorCode(rawValue: 31)
    /// OUT_OF_ORDER_SEQUENCE_NUMBER (45).
    public static let outOfOrderSequenceNumber = KafkaErrorCode(rawValue: 45)
    /// DUPLICATE_SEQUENCE_NUMBER (46).
    public static let duplicateSequenceNumber = KafkaErrorCode(rawValue: 46)
    /// INVALID_PRODUCER_EPOCH (47).
    public static let invalidProducerEpoch = KafkaErrorCode(rawValue: 47)
    /// KAFKA_STORAGE_ERROR (56).
    public static let kafkaStorageError = KafkaErrorCode(rawValue: 56)
    /// UNKNOWN_PRODUCER_ID (59).
    public static let unknownProducerId = KafkaErrorCode(rawValue: 59)
    /// INVALID_MSG_SIZE (4).
    public static let invalidMessageSize = KafkaErrorCode(rawValue: 4)
    /// MSG_SIZE_TOO_LARGE (10): over the producer's `message.max.bytes` or the topic's `max.message.bytes`.
    public static let messageSizeTooLarge = KafkaErrorCode(rawValue: 10)
    /// RECORD_LIST_TOO_LARGE (18).
    public static let recordListTooLarge = KafkaErrorCode(rawValue: 18)

    /// Whether the record itself is too large: sending it again can never succeed.
    public var isRecordTooLarge: Bool { self == .messageSizeTooLarge || self == .invalidMessageSize || self == .recordListTooLarge }

    /// Codes a caller may retry (the same request can succeed later without changing anything).
    static let retriableCodes: Set<KafkaErrorCode> = [
        .transport, .messageTimedOut, .allBrokersDown, .timedOut, .queueFull, .purgeInflight,
        .unknownTopicOrPartition, .leaderNotAvailable, .notLeaderForPartition, .requestTimedOut,
        .networkException, .coordinatorLoadInProgress, .coordinatorNotAvailable, .notCoordinator,
        .notEnoughReplicas, .notEnoughReplicasAfterAppend, .rebalanceInProgress, .kafkaStorageError,
    ]

    /// Whether this code is transient by nature (see ``KafkaError/isRetriable``).
    public var isRetriableByNature: Bool { Self.retriableCodes.contains(self) }
}
