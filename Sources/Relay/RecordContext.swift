import Foundation
import Kafka
import RelayCore

/// One consumed record on its way through the relay.
struct RecordContext: Sendable {
    let record: KafkaRecord
    /// The decoded event, or why it cannot be one.
    let decoded: Result<PaymentEvent, EventRejection>
    /// The event's token (``PaymentEvent/token``), kept apart: the engine reads it under its lock at accept, launch and
    /// hand-over, without copying the event out of `decoded`.
    let token: IdempotencyToken?
    /// When the poll thread took the record, on the service clock's monotonic time (the start of its stage times).
    let polledAt: Duration

    init(record: KafkaRecord, decoded: Result<PaymentEvent, EventRejection>, polledAt: Duration = .zero) {
        self.record = record
        self.decoded = decoded
        self.polledAt = polledAt
        token = try? decoded.get().token
    }

    var topicPartition: TopicPartition { TopicPartition(topic: record.topic, partition: record.partition) }
    var source: SourcePosition {
        SourcePosition(topic: record.topic, partition: record.partition, offset: record.offset, timestamp: record.timestamp)
    }
}

/// A flag shared between a partition's state and its in-flight tasks: set when the partition is revoked or the relay
/// shuts down, so tasks stop before their next Business Central call.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    func stop() { flag.withLock { $0 = true } }
    var isStopped: Bool { flag.withLock { $0 } }
}

import Synchronization
