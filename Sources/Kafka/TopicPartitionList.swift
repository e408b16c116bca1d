internal import CRdKafka

/// Owns an `rd_kafka_topic_partition_list_t`, destroyed in `deinit`.
final class TopicPartitionList {
    let pointer: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>

    /// A list of the given partitions, each with `offset` (or its entry in `offsets`).
    init(_ partitions: some Collection<TopicPartition>, offsets: [TopicPartition: Int64] = [:], offset: Int64 = -1001) {
        pointer = rd_kafka_topic_partition_list_new(Int32(clamping: partitions.count))
        for partition in partitions {
            let element = rd_kafka_topic_partition_list_add(pointer, partition.topic, partition.partition)!
            element.pointee.offset = offsets[partition] ?? offset
        }
    }

    /// A list holding exactly `offsets`.
    convenience init(offsets: [TopicPartition: Int64]) {
        self.init(offsets.keys.sorted(), offsets: offsets)
    }

    deinit { rd_kafka_topic_partition_list_destroy(pointer) }

    /// The entries of this list.
    var entries: [Entry] { Self.entries(of: pointer) }

    /// One element: partition, offset and per-partition error.
    struct Entry {
        var partition: TopicPartition
        var offset: Int64
        var error: rd_kafka_resp_err_t
    }

    /// Reads the entries of a list owned by someone else (e.g. a rebalance callback argument).
    static func entries(of list: UnsafePointer<rd_kafka_topic_partition_list_t>?) -> [Entry] {
        guard let list, let elements = list.pointee.elems else { return [] }
        return (0..<Int(list.pointee.cnt)).map { index in
            let element = elements[index]
            return Entry(
                partition: TopicPartition(topic: String(cString: element.topic), partition: element.partition),
                offset: element.offset, error: element.err
            )
        }
    }

    /// The first per-partition error, as a ``KafkaError`` naming the partition.
    var firstError: KafkaError? {
        entries.first { $0.error != RD_KAFKA_RESP_ERR_NO_ERROR }.map { KafkaError($0.error, context: "\($0.partition)") }
    }
}
