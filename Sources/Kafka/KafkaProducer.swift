internal import CRdKafka
import Foundation
import Synchronization
import Telemetry

/// A Kafka producer; idempotent by default. Every method is safe from any thread.
///
/// Delivery reports are served by the producer's own polling thread, so callers never poll; each
/// ``produce(_:completion:)`` gets exactly one completion, on that thread.
public final class KafkaProducer: Sendable {
    let client: RDKafkaClient
    private let poller: ProducerPoller
    private let logger: Logger
    private let queueFullTimeout: Duration
    private let closeStarted = Mutex(false)

    /// The defaults applied unless the configuration sets the key.
    static let defaults: [String: String] = ["enable.idempotence": "true"]

    /// Creates a producer and starts its polling thread.
    /// - Throws: ``KafkaError`` with librdkafka's message for an unknown or invalid property.
    public init(configuration: KafkaConfiguration, logger: Logger) throws {
        let context = ClientContext(logger: logger)
        client = try RDKafkaClient(kind: .producer, properties: configuration.withDefaults(Self.defaults), context: context) { conf in
            ProducerDelivery.install(conf)
        }
        self.logger = logger.with(["kafka.client": client.name])
        queueFullTimeout = configuration.producerQueueFullTimeout
        poller = ProducerPoller(client: client)
        poller.start()
    }

    deinit {
        close(timeout: .seconds(10))
    }

    /// Enqueues `record`; `completion` runs exactly once, on the producer's thread, with the partition and offset
    /// or a ``KafkaError`` (`isRetriable` / `isFatal` set).
    ///
    /// When the local queue is full this call blocks, retrying, for up to
    /// ``KafkaConfiguration/producerQueueFullTimeout`` before completing with `queueFull`.
    public func produce(_ record: ProducerRecord, completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        let box = DeliveryBox(completion)
        let deadline = ContinuousClock.now + queueFullTimeout
        while let failure = enqueue(record, box) {
            if failure.code == .queueFull, ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            poller.fail(box, failure)
            return
        }
    }

    /// Produces `record` and waits for its delivery report; waits asynchronously while the local queue is full.
    /// - Throws: the delivery ``KafkaError``.
    public func send(_ record: ProducerRecord) async throws -> DeliveryReport {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<DeliveryReport, KafkaError>, Never>) in
            hand(record, DeliveryBox { continuation.resume(returning: $0) })
        }
        return try result.get()
    }

    /// Enqueues `record` now and returns its delivery to await later; while the local queue is full the enqueue
    /// waits asynchronously, as in ``send(_:)``.
    public func start(_ record: ProducerRecord) -> PendingDelivery {
        let pending = PendingDelivery()
        hand(record, DeliveryBox { pending.complete($0) })
        return pending
    }

    /// Enqueues `record` without blocking: a full local queue is waited out asynchronously, any other failure
    /// completes `box` at once.
    private func hand(_ record: ProducerRecord, _ box: DeliveryBox) {
        guard let failure = enqueue(record, box) else { return }
        if failure.code == .queueFull {
            Task { await self.enqueueWaiting(record, box) }
        } else {
            poller.fail(box, failure)
        }
    }

    private func enqueueWaiting(_ record: ProducerRecord, _ box: DeliveryBox) async {
        let deadline = ContinuousClock.now + queueFullTimeout
        while let failure = enqueue(record, box) {
            if failure.code == .queueFull, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
                continue
            }
            poller.fail(box, failure)
            return
        }
    }

    private func enqueue(_ record: ProducerRecord, _ box: DeliveryBox) -> KafkaError? {
        do {
            return try client.withHandle { ProducerEnqueue.enqueue($0, record, box) }
        } catch {
            return error as? KafkaError ?? KafkaError.closed
        }
    }

    /// Waits until every enqueued record has its delivery report served. Blocks.
    /// - Throws: ``KafkaError`` `timedOut` when records remain at the deadline.
    public func flush(timeout: Duration) throws {
        let deadline = ContinuousClock.now + timeout
        try client.withHandle { rk in
            // Not rd_kafka_flush: it would serve delivery reports on this thread instead of the producer's.
            while rd_kafka_outq_len(rk) > 0 {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError(code: .timedOut, message: "flush: \(rd_kafka_outq_len(rk)) records not delivered in time")
                }
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
    }

    /// The producer's fatal error (`rd_kafka_fatal_error`), if any: the producer must then be recreated.
    public var fatalError: KafkaError? {
        (try? client.withHandle { KafkaError.fatalError(of: $0) }) ?? nil
    }

    /// Flushes for up to `timeout`, fails what is left (`purgeQueue` / `purgeInflight`), stops the polling thread
    /// and destroys the client. Idempotent; later produce calls complete with ``KafkaError/closed``.
    public func close(timeout: Duration) {
        let first = closeStarted.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        do {
            try flush(timeout: timeout)
        } catch {
            logger.warning("producer close: flush incomplete, purging", ["kafka.error": "\(error)"])
            _ = try? client.withHandle { rd_kafka_purge($0, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT) }
            try? flush(timeout: .seconds(1))
        }
        poller.stop()
        client.destroyWhenIdle()
        logger.info("producer closed")
    }
}
