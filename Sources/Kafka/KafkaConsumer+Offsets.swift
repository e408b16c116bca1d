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
