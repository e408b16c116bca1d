internal import CRdKafka

extension KafkaConsumer {
    /// Stores `record.offset + 1` as the partition's next offset to commit. Safe from any thread.
    public func storeOffset(after record: KafkaRecord) throws {
        try storeOffsets([record.topicPartition: record.offset + 1])
    }

    /// Stores exactly these next-to-consume offsets (`rd_kafka_offsets_store`) for the next commit. Safe from any
    /// thread. - Throws: ``KafkaError`` e.g. for a partition not currently assigned.
    public func storeOffsets(_ nextOffsets: [TopicPartition: Int64]) throws {
        guard !nextOffsets.isEmpty else { return }
        try client.withHandle { rk in
            let list = TopicPartitionList(offsets: nextOffsets)
            let err = rd_kafka_offsets_store(rk, list.pointer)
            if let failure = list.firstError { throw failure }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "offsets store") }
        }
    }

    /// Synchronously commits the stored offsets; nothing stored is a no-op. Safe from any thread; blocks.
    /// - Throws: ``KafkaError`` (e.g. `rebalanceInProgress`, `requestTimedOut`: retriable).
    public func commit() throws {
        try client.withHandle { rk in
            let err = rd_kafka_commit(rk, nil, 0)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
                throw KafkaError(err, context: "commit")
            }
        }
    }

    /// Commits the stored offsets, waiting at most `timeout` for the group coordinator's answer; nothing stored is a
    /// no-op. Safe from any thread; blocks up to `timeout`.
    ///
    /// ``commit()`` waits as long as librdkafka holds the request for a coordinator: with every broker down, until the
    /// group session times out (`session.timeout.ms`, 45 s by default) — longer than a shutdown's budget. Here the
    /// request is sent with a reply queue that is read with a deadline; a commit that times out may still be sent
    /// later, while the client lives.
    /// - Throws: ``KafkaError``: ``KafkaErrorCode/timedOut`` when no answer came in time (retriable), or the commit's.
    public func commit(timeout: Duration) throws {
        try client.withHandle { rk in try Self.commit(rk, timeout: timeout) }
    }

    /// ``commit(timeout:)`` on a handle already held.
    static func commit(_ rk: OpaquePointer, timeout: Duration) throws {
        guard let queue = rd_kafka_queue_new(rk) else { throw KafkaError(RD_KAFKA_RESP_ERR__FAIL, context: "commit queue") }
        defer { rd_kafka_queue_destroy(queue) }
        let sent = rd_kafka_commit_queue(rk, nil, queue, nil, nil)
        if sent == RD_KAFKA_RESP_ERR__NO_OFFSET { return }
        guard sent == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(sent, context: "commit") }
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else {
            throw KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context: "commit: no answer within \(timeout.milliseconds) ms")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR__NO_OFFSET else {
            throw KafkaError(err, context: "commit")
        }
        let failed = TopicPartitionList.entries(of: rd_kafka_event_topic_partition_list(event).map { UnsafePointer($0) }).first { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }
        if let failed { throw KafkaError(failed.error, context: "commit \(failed.partition)") }
    }

    /// The current assignment.
    public func assignment() throws -> [TopicPartition] {
        try client.withHandle { rk in
            var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
            let err = rd_kafka_assignment(rk, &list)
            defer { if let list { rd_kafka_topic_partition_list_destroy(list) } }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "assignment") }
            return TopicPartitionList.entries(of: list).map(\.partition).sorted()
        }
    }

    /// The group's committed next offsets for `partitions`; a partition with none committed is absent. Blocks.
    public func committedOffsets(_ partitions: [TopicPartition], timeout: Duration) throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try client.withHandle { rk in
            let list = TopicPartitionList(partitions)
            let err = rd_kafka_committed(rk, list.pointer, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "committed") }
            if let failure = list.firstError { throw failure }
            var result: [TopicPartition: Int64] = [:]
            for entry in list.entries where entry.offset >= 0 { result[entry.partition] = entry.offset }
            return result
        }
    }

    /// Asks the partition leader for the low and high watermarks. Blocks up to `timeout`.
    public func watermarks(_ partition: TopicPartition, timeout: Duration) throws -> (low: Int64, high: Int64) {
        try client.withHandle { rk in
            var low: Int64 = 0, high: Int64 = 0
            let err = rd_kafka_query_watermark_offsets(rk, partition.topic, partition.partition, &low, &high, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "watermarks \(partition)") }
            return (low, high)
        }
    }

    /// The watermarks last seen in fetch responses (non-blocking, for lag metrics); `nil` when unknown.
    public func cachedWatermarks(_ partition: TopicPartition) -> (low: Int64, high: Int64)? {
        try? client.withHandle { rk -> (low: Int64, high: Int64)? in
            var low: Int64 = 0, high: Int64 = 0
            let err = rd_kafka_get_watermark_offsets(rk, partition.topic, partition.partition, &low, &high)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, high >= 0 else { return nil }
            return (max(low, 0), high)
        } ?? nil
    }

    /// The next offset the consumer will fetch for `partition`; `nil` before the first fetch or when not assigned.
    public func position(_ partition: TopicPartition) -> Int64? {
        try? client.withHandle { rk -> Int64? in
            let list = TopicPartitionList([partition])
            guard rd_kafka_position(rk, list.pointer) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  let entry = list.entries.first, entry.error == RD_KAFKA_RESP_ERR_NO_ERROR, entry.offset >= 0
            else { return nil }
            return entry.offset
        } ?? nil
    }
}
