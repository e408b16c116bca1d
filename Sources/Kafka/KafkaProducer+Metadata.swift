internal import CRdKafka

extension KafkaProducer {
    /// The partition count of each of `topics` from cluster metadata; a topic missing from the cluster (or
    /// reported with an error) is absent from the result. Blocks up to `timeout`.
    public func partitionCounts(topics: [String], timeout: Duration) throws -> [String: Int] {
        try client.withHandle { rk in
            var metadata: UnsafePointer<rd_kafka_metadata>?
            // All topics: asking for specific ones would auto-create them on brokers that allow it.
            let err = rd_kafka_metadata(rk, 1, nil, &metadata, timeout.milliseconds)
            defer { if let metadata { rd_kafka_metadata_destroy(metadata) } }
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else { throw KafkaError(err, context: "metadata") }
            let wanted = Set(topics)
            var counts: [String: Int] = [:]
            for index in 0..<Int(metadata.pointee.topic_cnt) {
                let topic = metadata.pointee.topics[index]
                let name = String(cString: topic.topic)
                guard wanted.contains(name), topic.err == RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                counts[name] = Int(topic.partition_cnt)
            }
            return counts
        }
    }
}
