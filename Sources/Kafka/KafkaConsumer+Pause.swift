internal import CRdKafka

extension KafkaConsumer {
    /// Stops fetching `partitions` (polling thread only) and remembers them as paused by this wrapper.
    ///
    /// With ``Delivery/perPartition`` it only stops reading them: their fetched records stay queued (librdkafka stops
    /// fetching when the partition's queue is full) and nothing is thrown.
    /// - Throws: ``KafkaError`` for a partition that is not assigned (the others are still paused).
    public func pause(_ partitions: [TopicPartition]) throws {
        guard !partitions.isEmpty else { return }
        if let partitionQueues { return partitionQueues.pause(partitions) }
        try client.withHandle { rk in
            let list = TopicPartitionList(partitions)
            let err = rd_kafka_pause_partitions(rk, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "pause") }
            let paused = list.entries.filter { $0.error == RD_KAFKA_RESP_ERR_NO_ERROR }.map(\.partition)
            client.context.paused.withLock { $0.formUnion(paused) }
            if let failure = list.firstError { throw failure }
        }
    }

    /// Resumes fetching the given partitions that THIS wrapper paused (polling thread only); others are ignored.
    ///
    /// librdkafka 2.0.2 rewinds and redelivers when a partition that is not paused is resumed, so this never
    /// forwards such a partition. With ``Delivery/perPartition`` reading restarts at once, from the records already
    /// queued.
    public func resume(_ partitions: [TopicPartition]) throws {
        if let partitionQueues { return partitionQueues.resume(partitions) }
        try client.withHandle { rk in
            let ours = client.context.paused.withLock { paused in partitions.filter { paused.contains($0) } }
            guard !ours.isEmpty else { return }
            let list = TopicPartitionList(ours)
            let err = rd_kafka_resume_partitions(rk, list.pointer)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "resume") }
            let resumed = list.entries.filter { $0.error == RD_KAFKA_RESP_ERR_NO_ERROR }.map(\.partition)
            client.context.paused.withLock { $0.subtract(resumed) }
            if let failure = list.firstError { throw failure }
        }
    }

    /// The partitions currently paused through this wrapper (cleared for partitions revoked or lost).
    public var pausedPartitions: Set<TopicPartition> {
        partitionQueues?.paused ?? client.context.paused.withLock { $0 }
    }
}
