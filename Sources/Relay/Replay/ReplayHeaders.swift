import Foundation
import Kafka
import RelayCore
import Telemetry
import ExactJSON

/// The headers a replayed record carries, and the record itself.
public enum ReplayHeaders {
    /// `<dead-letter topic>/<partition>/<offset>` of the dead letter replayed.
    public static let replayOf = "relay.replay.of"
    /// `<original topic>/<partition>/<offset>` of the input record that failed.
    public static let replayOriginal = "relay.replay.original"
    /// When the replay published it (RFC 3339, UTC).
    public static let replayedAt = "relay.replayed.at"

    /// The record to publish for `deadLetter`: its key and value unchanged, its headers without any `relay.*` one,
    /// plus the three replay headers.
    ///
    /// The record goes to the ORIGINAL partition when the dead letter came from `inputTopic` and that partition
    /// still exists (below `inputPartitions`): the relay's idempotency ledger is kept per input partition, so the
    /// replay must land where the original was processed; otherwise the key's partitioner decides.
    public static func record(replaying deadLetter: KafkaRecord, metadata: DeadLetterMetadata, inputTopic: String,
                              inputPartitions: Int, now: Date) -> ProducerRecord {
        var headers = deadLetter.headers.filter { !$0.key.hasPrefix("relay.") }
        headers.append(KafkaHeader(key: replayOf, string: "\(deadLetter.topic)/\(deadLetter.partition)/\(deadLetter.offset)"))
        headers.append(KafkaHeader(key: replayOriginal, string: metadata.originalPosition))
        headers.append(KafkaHeader(key: replayedAt, string: TimestampFormat.rfc3339(now)))
        var partition: Int32?
        if metadata.originalTopic == inputTopic, let original = metadata.originalPartition, original >= 0, Int(original) < inputPartitions {
            partition = original
        }
        return ProducerRecord(topic: inputTopic, partition: partition, key: deadLetter.key, value: deadLetter.value, headers: headers)
    }
}

extension DeadLetterMetadata {
    /// Reads the relay headers of a consumed record; `nil` when it has none (not a dead letter of this relay).
    public init?(record: KafkaRecord) {
        self.init(headers: record.headers.map { (name: $0.key, value: $0.stringValue) })
    }
}
