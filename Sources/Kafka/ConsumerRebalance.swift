internal import CRdKafka
import Telemetry

/// The consumer's rebalance callback: applies the assignment change and tells the application.
enum ConsumerRebalance {
    /// Installs the rebalance callback on a consumer configuration.
    static func install(_ conf: OpaquePointer) {
        rd_kafka_conf_set_rebalance_cb(conf) { rk, err, partitions, opaque in
            guard let rk, let context = ClientContext.from(opaque) else { return }
            ConsumerRebalance.handle(rk, err, partitions, context)
        }
    }

    /// Runs synchronously on the thread serving the consumer queue (inside `poll` or `close`).
    static func handle(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, _ context: ClientContext
    ) {
        let partitions = TopicPartitionList.entries(of: list).map(\.partition)
        let cooperative = rd_kafka_rebalance_protocol(rk).map { String(cString: $0) } == "COOPERATIVE"
        let metadata = ["kafka.partitions": partitions.map(\.description).joined(separator: ",")]
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            // Before the assignment: fetching starts with the partitions' queues already taken out of the consumer queue.
            context.partitionQueues?.attach(partitions, to: rk)
            apply(rk, list, assign: true, cooperative: cooperative, context)
            context.logger.info("partitions assigned", metadata)
            context.rebalanceHandler(.assigned(partitions))
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            resumeOwnPaused(rk, partitions, context)
            let lost = rd_kafka_assignment_lost(rk) != 0
            context.logger.info(lost ? "partitions lost" : "partitions revoked", metadata)
            context.rebalanceHandler(lost ? .lost(partitions) : .revoked(partitions))
            context.partitionQueues?.detach(partitions)
            apply(rk, list, assign: false, cooperative: cooperative, context)
        default:
            context.logger.error("rebalance error", metadata.merging(["kafka.error": KafkaError(err).description]) { $1 })
            context.partitionQueues?.detachAll()
            apply(rk, nil, assign: false, cooperative: false, context)
        }
    }

    /// Resumes the revoked partitions the application paused through the wrapper: a pause would otherwise survive
    /// re-assignment on 2.0.2.
    private static func resumeOwnPaused(_ rk: OpaquePointer, _ revoked: [TopicPartition], _ context: ClientContext) {
        let toResume = context.paused.withLock { paused -> [TopicPartition] in
            let hit = revoked.filter { paused.contains($0) }
            paused.subtract(hit)
            return hit
        }
        guard !toResume.isEmpty else { return }
        let resumeList = TopicPartitionList(toResume)
        _ = rd_kafka_resume_partitions(rk, resumeList.pointer)
    }

    private static func apply(
        _ rk: OpaquePointer, _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        assign: Bool, cooperative: Bool, _ context: ClientContext
    ) {
        var failure: KafkaError?
        if cooperative {
            let error = assign ? rd_kafka_incremental_assign(rk, list) : rd_kafka_incremental_unassign(rk, list)
            failure = error.map { KafkaError(consuming: $0) }
        } else {
            let err = rd_kafka_assign(rk, assign ? list : nil)
            if err != RD_KAFKA_RESP_ERR_NO_ERROR { failure = KafkaError(err) }
        }
        if let failure {
            context.logger.error("applying the assignment failed", ["kafka.error": failure.description])
        }
    }
}
