internal import CRdKafka
import Foundation
import Synchronization
import Telemetry

/// A Kafka consumer over librdkafka's high-level consumer (`rd_kafka_consumer_poll`, or per-partition queues read
/// one record at a time with `rd_kafka_consume_queue`; never the batch APIs).
///
/// Threading: ``poll(timeout:)``, ``pause(_:)`` and ``resume(_:)`` belong to ONE polling thread (a dedicated
/// thread, not the Swift cooperative pool: they block). The rebalance handler runs on that thread inside `poll`.
/// ``storeOffset(after:)``, ``storeOffsets(_:)``, ``commit()``, the offset queries, ``wake()`` and
/// ``close(timeout:)`` are safe from any thread; the queries and `commit` block up to their timeouts.
public final class KafkaConsumer: Sendable {
    /// How records reach ``poll(timeout:)`` and what a pause does.
    public enum Delivery: Sendable {
        /// Every partition's records through the one consumer queue; ``pause(_:)`` is librdkafka's (which discards
        /// what was prefetched for the partition, and on 2.0.2 a resume waits up to 1 s for the next fetch).
        case merged
        /// Each assigned partition's records wait in its own fetch queue, bounded per partition by
        /// `queued.min.messages` / `queued.max.messages.kbytes` plus one fetch (`max.partition.fetch.bytes`);
        /// ``poll(timeout:)`` reads the unpaused ones in turn, and ``pause(_:)`` / ``resume(_:)`` only stop and
        /// restart reading (nothing is discarded or fetched again; fetching stops by itself when a queue is full).
        case perPartition
    }

    let client: RDKafkaClient
    let logger: Logger
    private let hasGroup: Bool
    private let closeStarted = Mutex(false)
    /// Set for ``Delivery/perPartition``.
    let partitionQueues: PartitionQueues?

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

    /// The defaults for ``Delivery/perPartition``: the same, plus fetches of at most 64 KiB per partition. Each
    /// partition's queue then holds at most `queued.min.messages` / `queued.max.messages.kbytes` plus one fetch (the
    /// fetch that found it below both); with librdkafka's 1 MiB, the first fetch of a backlog pulled up to 1 MiB per
    /// partition into memory at once. A larger record is still fetched whole (KIP-74).
    static let perPartitionDefaults = defaults.merging(["max.partition.fetch.bytes": "65536"]) { _, new in new }

    /// Creates a consumer.
    ///
    /// Defaults unless overridden: `enable.auto.offset.store=false`, `enable.auto.commit=true`,
    /// `partition.assignment.strategy=range`, `auto.offset.reset=earliest`, `enable.partition.eof=false`,
    /// `queued.max.messages.kbytes=2048`, `queued.min.messages=1000` (bounded prefetch: with merged delivery for
    /// all partitions together, since their fetch queues are forwarded to one; per partition otherwise), and with
    /// per-partition delivery `max.partition.fetch.bytes=65536`.
    /// - Parameters:
    ///   - delivery: ``Delivery/merged`` (the default) or ``Delivery/perPartition``.
    ///   - rebalanceHandler: called on the polling thread inside `poll`: for revoke/lost BEFORE the partitions are
    ///     dropped (offsets can still be stored), for assign AFTER they were applied.
    /// - Throws: ``KafkaError`` with librdkafka's message for an unknown or invalid property.
    public init(
        configuration: KafkaConfiguration, logger: Logger, delivery: Delivery = .merged,
        rebalanceHandler: @escaping @Sendable (RebalanceEvent) -> Void = { _ in }
    ) throws {
        var properties = configuration.withDefaults(delivery == .perPartition ? Self.perPartitionDefaults : Self.defaults)
        hasGroup = properties["group.id"] != nil
        if !hasGroup {
            // 2.0.2's rd_kafka_assign fails with _UNKNOWN_GROUP without a group: use a private, never-joined group
            // that never commits.
            properties["group.id"] = "payment-relay-unassigned-\(UUID().uuidString)"
            properties["enable.auto.commit"] = "false"
        }
        let queues = delivery == .perPartition ? PartitionQueues() : nil
        partitionQueues = queues
        let context = ClientContext(logger: logger, rebalanceHandler: rebalanceHandler, partitionQueues: queues)
        client = try RDKafkaClient(kind: .consumer, properties: properties, context: context) { conf in
            ConsumerRebalance.install(conf)
        }
        self.logger = logger.with(["kafka.client": client.name])
        // Serve logs, errors and rebalances from the consumer queue, i.e. inside poll.
        _ = try client.withHandle { rk in
            rd_kafka_poll_set_consumer(rk)
            queues?.watchConsumerQueue(of: rk)
        }
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
            if let partitionQueues {
                partitionQueues.detachAll()
                partitionQueues.attach(partitions.keys.sorted(), to: rk)
            }
            let list = TopicPartitionList(offsets: partitions.mapValues(\.rawOffset))
            let err = rd_kafka_assign(rk, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "assign") }
        }
    }

    /// Waits up to `timeout` for the next record; `nil` on timeout.
    ///
    /// Call from the polling thread only. Serves rebalances (the handler runs inside) and logs. Non-fatal consumer
    /// errors (transport, partition EOF, ...) are logged, not thrown. With ``Delivery/perPartition`` the unpaused
    /// partitions are read in turn, one record each.
    /// - Throws: ``KafkaError`` with `isFatal` for a fatal consumer error, or ``KafkaError/closed``.
    public func poll(timeout: Duration) throws -> KafkaRecord? {
        let deadline = ContinuousClock.now + timeout
        return try client.withHandle { rk -> KafkaRecord? in
            if let partitionQueues { return try poll(rk, partitionQueues, until: deadline) }
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

    /// Per-partition delivery: the consumer queue first (rebalances, errors), then the partitions in turn; sleeps
    /// until one of them has something (or ``wake()``).
    private func poll(_ rk: OpaquePointer, _ queues: PartitionQueues, until deadline: ContinuousClock.Instant) throws -> KafkaRecord? {
        while true {
            if queues.consumerPollDue(at: .now), let message = rd_kafka_consumer_poll(rk, 0) {
                defer { rd_kafka_message_destroy(message) }
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaRecord(message: message) }
                try handleConsumerError(rk, message)
                continue
            }
            let record = try queues.next { message -> KafkaRecord? in
                if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR { return KafkaRecord(message: message) }
                try handleConsumerError(rk, message)
                return nil
            }
            if let record { return record }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            queues.wait(upTo: min(remaining, PartitionQueues.consumerPollInterval))
        }
    }

    /// Ends a ``poll(timeout:)`` that is waiting, e.g. after a ``resume(_:)`` requested from another thread (the
    /// polling thread applies it on its next iteration). Per-partition delivery only; otherwise a no-op.
    public func wake() {
        partitionQueues?.wake()
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
        let client = self.client, logger = self.logger, hasGroup = self.hasGroup, partitionQueues = self.partitionQueues
        let finished = BlockingCall.run(name: "kafka-consumer-close", timeout: timeout) {
            _ = try? client.withHandle { rk in
                // librdkafka requires the application's queue references to go before the consumer closes.
                partitionQueues?.close()
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
