import Synchronization
import Telemetry

/// The Swift state librdkafka callbacks reach through the client opaque (`rd_kafka_opaque`).
///
/// Owned by ``RDKafkaClient``, which destroys the C handle (joining every librdkafka thread) before releasing it,
/// so no callback can run after this object is gone.
final class ClientContext: Sendable {
    /// Where librdkafka logs and errors go.
    let logger: Logger
    /// The consumer's rebalance handler (`nil` for producers), set at creation or by `subscribe`.
    let rebalance: Mutex<(@Sendable (RebalanceEvent) -> Void)?>
    /// Partitions the application paused through this wrapper (consumer with merged delivery only).
    let paused = Mutex<Set<TopicPartition>>([])
    /// The per-partition fetch queues (consumer with per-partition delivery only).
    let partitionQueues: PartitionQueues?

    init(logger: Logger, rebalanceHandler: (@Sendable (RebalanceEvent) -> Void)? = nil, partitionQueues: PartitionQueues? = nil) {
        self.logger = logger
        rebalance = Mutex(rebalanceHandler)
        self.partitionQueues = partitionQueues
    }

    /// Calls the rebalance handler, if any (on the polling thread, outside the lock).
    func rebalanceHandler(_ event: RebalanceEvent) {
        let handler = rebalance.withLock { $0 }
        handler?(event)
    }

    /// The value to hand to `rd_kafka_conf_set_opaque` (unretained: the client keeps this object alive).
    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// Recovers the context from a client opaque.
    static func from(_ opaque: UnsafeMutableRawPointer?) -> ClientContext? {
        opaque.map { Unmanaged<ClientContext>.fromOpaque($0).takeUnretainedValue() }
    }
}
