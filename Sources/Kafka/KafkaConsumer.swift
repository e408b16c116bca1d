internal import CRdKafka
import Foundation
import Synchronization
import Telemetry

/// A Kafka consumer over librdkafka's high-level consumer (`rd_kafka_consumer_poll` only).
///
/// Threading: ``poll(timeout:)``, ``pause(_:)`` and ``resume(_:)`` belong to ONE polling thread (a dedicated
/// thread, not the Swift cooperative pool: they block). The rebalance handler runs on that thread inside `poll`.
/// ``storeOffset(after:)``, ``storeOffsets(_:)``, ``commit()``, the offset queries and ``close(timeout:)`` are safe
/// from any thread; the queries and `commit` block up to their timeouts.
public final class KafkaConsumer: Sendable {
    let client: RDKafkaClient
    let logger: Logger
    private let hasGroup: Bool
    private let closeStarted = Mutex(false)

    /// The defaults applied unless the configuration sets the key.
    static let defaults: [String: String] = [
        "enable.auto.offset.store": "false",
        "enable.auto.commit": "true",
        "partition.assignment.strategy": "range",
        "auto.offset.reset": "earliest",
        "enable.partition.eof": "false",
        // Prefetch bounds; in 2.0.2 both apply PER PARTITION (each partition's fetch queue), so with many assigned
        // partitions librdkafka's defaults would pull a whole backlog into memory.
        "queued.max.messages.kbytes": "2048",
        "queued.min.messages": "1000",
    ]

    /// Creates a consumer.
    ///
    /// Defaults unless overridden: `enable.auto.offset.store=false`, `enable.auto.commit=true`,
    /// `partition.assignment.strategy=range`, `auto.offset.reset=earliest`, `enable.partition.eof=false`,
    /// `queued.max.messages.kbytes=2048`, `queued.min.messages=1000` (bounded prefetch, per partition in 2.0.2).
    /// - Parameters:
    ///   - rebalanceHandler: called on the polling thread inside `poll`: for revoke/lost BEFORE the partitions are
    ///     dropped (offsets can still be stored), for assign AFTER they were applied.
    /// - Throws: ``KafkaError`` with librdkafka's message for an unknown or invalid property.
    public init(
        configuration: KafkaConfiguration, logger: Logger,
        rebalanceHandler: @escaping @Sendable (RebalanceEvent) -> Void = { _ in }
    ) throws {
        var properties = configuration.withDefaults(Self.defaults)
        hasGroup = properties["group.id"] != nil
        if !hasGroup {
            // 2.0.2's rd_kafka_assign fails with _UNKNOWN_GROUP without a group: use a private, never-joined group
            // that never commits.
            properties["group.id"] = "payment-relay-unassigned-\(UUID().uuidString)"
            properties["enable.auto.commit"] = "false"
        }
        let context = ClientContext(logger: logger, rebalanceHandler: rebalanceHandler)
        client = try RDKafkaClient(kind: .consumer, properties: properties, context: context) { conf in
            ConsumerRebalance.install(conf)
        }
        self.logger = logger.with(["kafka.client": client.name])
        // Serve logs, errors and rebalances from the consumer queue, i.e. inside poll.
        _ = try client.withHandle { rd_kafka_poll_set_consumer($0) }
    }

    deinit {
        close(timeout: .seconds(10))
    }

    /// Joins the group and subscribes to `topics` (assignment arrives through the rebalance handler).
    ///
    /// - Parameter rebalanceHandler: replaces the handler given at creation, if not `nil` (so the application can
    ///   create the consumer before the objects that react to its assignment).
    public func subscribe(topics: [String], rebalanceHandler: (@Sendable (RebalanceEvent) -> Void)? = nil) throws {
        if let rebalanceHandler { client.context.rebalance.withLock { $0 = rebalanceHandler } }
        try client.withHandle { rk in
            let list = TopicPartitionList(topics.map { TopicPartition(topic: $0, partition: -1) })
            let err = rd_kafka_subscribe(rk, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "subscribe") }
        }
    }

    /// Replaces the assignment manually (no group membership; works without `group.id` for reading: the consumer
    /// then uses a private group name and never commits).
    ///
    /// Partitions this wrapper paused are resumed first, so the new assignment starts unpaused.
    public func assign(_ partitions: [TopicPartition: KafkaOffset]) throws {
        try client.withHandle { rk in
            let paused = client.context.paused.withLock { paused in
                defer { paused.removeAll() }
                return paused
            }
            if !paused.isEmpty { _ = rd_kafka_resume_partitions(rk, TopicPartitionList(paused).pointer) }
            let list = TopicPartitionList(offsets: partitions.mapValues(\.rawOffset))
            let err = rd_kafka_assign(rk, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "assign") }
        }
    }

    /// Waits up to `timeout` for the next record; `nil` on timeout.
    ///
    /// Call from the polling thread only. Serves rebalances (the handler runs inside) and logs. Non-fatal consumer
    /// errors (transport, partition EOF, ...) are logged, not thrown.
    /// - Throws: ``KafkaError`` with `isFatal` for a fatal consumer error, or ``KafkaError/closed``.
    public func poll(timeout: Duration) throws -> KafkaRecord? {
        let deadline = ContinuousClock.now + timeout
        return try client.withHandle { rk -> KafkaRecord? in
            while true {
                let remaining = ContinuousClock.now.duration(to: deadline)
                guard let message = rd_kafka_consumer_poll(rk, Int32(max(0, remaining.milliseconds))) else { return nil }
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaRecord(message: message) }
                try handleConsumerError(rk, message)
                if ContinuousClock.now >= deadline { return nil }
            }
        }
    }

    private func handleConsumerError(_ rk: OpaquePointer, _ message: UnsafeMutablePointer<rd_kafka_message_t>) throws {
        let err = message.pointee.err
        if err == RD_KAFKA_RESP_ERR__FATAL {
            let fatal = KafkaError.fatalError(of: rk) ?? KafkaError(code: .fatal, message: "fatal consumer error", isFatal: true)
            logger.critical("fatal consumer error", ["kafka.error": fatal.description])
            throw fatal
        }
        var metadata = ["kafka.error": KafkaError(err).code.description,
                        "kafka.reason": String(cString: rd_kafka_message_errstr(message))]
        if let rkt = message.pointee.rkt {
            metadata["kafka.topic"] = String(cString: rd_kafka_topic_name(rkt))
            metadata["kafka.partition"] = String(message.pointee.partition)
        }
        if err == RD_KAFKA_RESP_ERR__PARTITION_EOF {
            logger.debug("partition end reached", metadata)
        } else {
            logger.warning("consumer error", metadata)
        }
    }

    /// Commits stored offsets (when in a group), leaves the group and destroys the client, within `timeout`.
    ///
    /// `rd_kafka_consumer_close` can hang on 2.0.2 after a lost assignment: it runs on its own thread, and at the
    /// deadline this method logs and gives up (the handle is then leaked, not destroyed under the stuck call).
    /// Idempotent; later calls on this consumer throw ``KafkaError/closed``. Stop the poll loop first: the rebalance
    /// handler then runs one last time (revoke) on the closing thread. `deinit` closes with a 10 s limit if needed.
    public func close(timeout: Duration) {
        let first = closeStarted.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        let client = self.client, logger = self.logger, hasGroup = self.hasGroup
        let finished = BlockingCall.run(name: "kafka-consumer-close", timeout: timeout) {
            _ = try? client.withHandle { rk in
                if hasGroup {
                    let err = rd_kafka_commit(rk, nil, 0)
                    if err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET {
                        logger.warning("final commit failed", ["kafka.error": KafkaError(err).description])
                    }
                }
                let err = rd_kafka_consumer_close(rk)
                if err != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.warning("consumer close failed", ["kafka.error": KafkaError(err).description])
                }
            }
            client.destroyWhenIdle()
        }
        if finished {
            logger.info("consumer closed")
        } else {
            logger.error("consumer close timed out; abandoning the client", ["kafka.timeout_ms": String(timeout.milliseconds)])
        }
    }
}
