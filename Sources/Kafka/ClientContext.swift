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
    /// Partitions the application paused through this wrapper (consumer only).
    let paused = Mutex<Set<TopicPartition>>([])

    init(logger: Logger, rebalanceHandler: (@Sendable (RebalanceEvent) -> Void)? = nil) {
        self.logger = logger
        rebalance = Mutex(rebalanceHandler)
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
