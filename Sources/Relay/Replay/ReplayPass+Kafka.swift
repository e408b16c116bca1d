import Foundation
import Kafka
import Synchronization

extension ReplayPass {
    /// The replay's consumer: its own group, manual assignment, explicit commits only.
    func consumerConfiguration() -> KafkaConfiguration {
        var kafka = replayer.configuration.kafka
        kafka.groupId = replayer.configuration.groupId
        kafka.enableAutoCommit = false
        if kafka.clientId == nil { kafka.clientId = "payment-relay-replay" }
        return kafka
    }

    /// The replay's producer: idempotent (the default); no lingering, since each record is awaited.
    func producerConfiguration() -> KafkaConfiguration {
        var kafka = replayer.configuration.kafka
        if kafka.linger == nil { kafka.linger = .zero }
        if kafka.clientId == nil { kafka.clientId = "payment-relay-replay" }
        return kafka
    }

    /// Partition counts of the dead-letter and input topics; both must exist and differ.
    func checkTopics(_ producer: KafkaProducer) throws -> (deadLetter: Int, input: Int) {
        let configuration = replayer.configuration
        guard configuration.deadLetterTopic != configuration.inputTopic else {
            throw DeadLetterReplayError("the dead-letter topic and the input topic are both '\(configuration.inputTopic)'")
        }
        let counts = try producer.partitionCounts(topics: [configuration.deadLetterTopic, configuration.inputTopic], timeout: .seconds(15))
        guard let deadLetter = counts[configuration.deadLetterTopic] else {
            throw DeadLetterReplayError("dead-letter topic '\(configuration.deadLetterTopic)' does not exist")
        }
        guard let input = counts[configuration.inputTopic] else {
            throw DeadLetterReplayError("input topic '\(configuration.inputTopic)' does not exist")
        }
        return (deadLetter, input)
    }

    /// Produces `record` and blocks until its delivery report.
    static func publish(_ record: ProducerRecord, _ producer: KafkaProducer) -> Result<DeliveryReport, KafkaError> {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<DeliveryReport, KafkaError>?>(nil)
        producer.produce(record) { delivery in
            result.withLock { $0 = delivery }
            done.signal()
        }
        done.wait()
        return result.withLock { $0! }
    }

    /// A periodic commit; a failure is logged and left to the next commit.
    func commitQuietly(_ consumer: KafkaConsumer) {
        do { try consumer.commit() } catch {
            replayer.logger.warning("replay commit failed; retrying later", ["kafka.error": "\(error)"])
        }
    }

    /// The last commit, retried a few times; returns the error text when it still failed.
    func finalCommit(_ consumer: KafkaConsumer) -> String? {
        var lastError: (any Error)?
        for attempt in 1...3 {
            do {
                try consumer.commit()
                return nil
            } catch {
                lastError = error
                replayer.logger.warning("replay final commit failed", ["kafka.error": "\(error)", "retry.attempt": String(attempt)])
                Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
            }
        }
        return lastError.map { "\($0)" }
    }
}

/// Where a replay starts and ends on each dead-letter partition.
struct ReplayPlan {
    /// Every partition of the dead-letter topic.
    var partitions: [TopicPartition]
    /// The first offset to read, for partitions with records to read.
    var starts: [TopicPartition: Int64]
    /// The high watermark at the start, for partitions with records to read.
    var ends: [TopicPartition: Int64]
    /// Records between the starts and the ends.
    var total: Int

    /// From the group's committed offsets (the low watermark without one, or when retention removed it) to the
    /// high watermarks now.
    static func make(consumer: KafkaConsumer, topic: String, partitions count: Int) throws -> ReplayPlan {
        let partitions = (0..<count).map { TopicPartition(topic: topic, partition: Int32($0)) }
        let committed = try consumer.committedOffsets(partitions, timeout: .seconds(15))
        var plan = ReplayPlan(partitions: partitions, starts: [:], ends: [:], total: 0)
        for partition in partitions {
            let (low, high) = try consumer.watermarks(partition, timeout: .seconds(15))
            let start = max(low, committed[partition] ?? low)
            guard start < high else { continue }
            plan.starts[partition] = start
            plan.ends[partition] = high
            plan.total += Int(high - start)
        }
        return plan
    }
}
