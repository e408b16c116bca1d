internal import CRdKafka
import Foundation

extension KafkaConsumer {
    /// Per partition, the earliest offset whose record timestamp is at or after `time` (`rd_kafka_offsets_for_times`).
    /// A partition is absent when the broker gave no offset: no record that late, a per-partition error, or a broker
    /// that does not answer by time (librdkafka 2.0.2's mock cluster answers -1 for every partition). Blocks up to
    /// `timeout`.
    /// - Throws: ``KafkaError`` when the request as a whole failed.
    public func offsets(atOrAfter time: Date, _ partitions: [TopicPartition], timeout: Duration) throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        let milliseconds = Int64((time.timeIntervalSince1970 * 1000).rounded(.down))
        return try client.withHandle { rk in
            let list = TopicPartitionList(partitions, offset: milliseconds)
            let err = rd_kafka_offsets_for_times(rk, list.pointer, timeout.milliseconds)
            guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: "offsets for times") }
            var offsets: [TopicPartition: Int64] = [:]
            for entry in list.entries where entry.error == RD_KAFKA_RESP_ERR_NO_ERROR && entry.offset >= 0 {
                offsets[entry.partition] = entry.offset
            }
            return offsets
        }
    }
}
