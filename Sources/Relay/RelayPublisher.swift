import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// Publishes the relay's own records (ledger entries, outcomes, dead letters) through one idempotent producer,
/// recreating it after a fatal error (librdkafka's rule for idempotent producers).
final class RelayPublisher: Sendable {
    private let configuration: KafkaConfiguration
    private let logger: Logger
    private let producer: Mutex<KafkaProducer>

    init(configuration: KafkaConfiguration, logger: Logger) throws {
        var configuration = configuration
        configuration.properties.removeValue(forKey: "group.id")
        if configuration["enable.idempotence"] == nil { configuration["enable.idempotence"] = "true" }
        if configuration["linger.ms"] == nil { configuration["linger.ms"] = "2" }
        // A dead letter carries the input value (up to the decoder's limit) plus headers: the producer must accept it.
        // A broker or topic with a smaller limit is handled by sending the dead letter without its value.
        if configuration["message.max.bytes"] == nil {
            configuration["message.max.bytes"] = String(PaymentEventDecoder.maximumEventBytes + Self.headerAllowance)
        }
        self.configuration = configuration
        self.logger = logger
        producer = Mutex(try KafkaProducer(configuration: configuration, logger: logger))
    }

    /// Room for the relay's headers and Kafka's record overhead above the largest event.
    static let headerAllowance = 64 * 1024

    /// The current producer's fatal error, if any (readiness reports it).
    var fatalError: KafkaError? { producer.withLock { $0.fatalError } }

    /// The current producer (for metadata queries).
    var current: KafkaProducer { producer.withLock { $0 } }

    /// Sends `record` and waits for its delivery report; a fatal error replaces the producer before rethrowing.
    func send(_ record: ProducerRecord) async throws -> DeliveryReport {
        let current = producer.withLock { $0 }
        do {
            return try await current.send(record)
        } catch let error as KafkaError where error.isFatal || current.fatalError != nil {
            replace(current, because: error)
            throw error
        }
    }

    /// A record on its way (``start(_:)``).
    struct Delivery: Sendable {
        let record: ProducerRecord
        fileprivate let pending: PendingDelivery
        fileprivate let producer: KafkaProducer
    }

    /// Enqueues `record` now; ``result(of:)`` waits for its delivery report.
    func start(_ record: ProducerRecord) -> Delivery {
        let current = producer.withLock { $0 }
        return Delivery(record: record, pending: current.start(record), producer: current)
    }

    /// The delivery report of a started record; a fatal error replaces the producer before rethrowing.
    func result(of delivery: Delivery) async throws -> DeliveryReport {
        switch await delivery.pending.result() {
        case let .success(report):
            return report
        case let .failure(error):
            if error.isFatal || delivery.producer.fatalError != nil { replace(delivery.producer, because: error) }
            throw error
        }
    }

    private func replace(_ failed: KafkaProducer, because error: KafkaError) {
        let replaced: Bool = producer.withLock { holder in
            guard holder === failed else { return false }
            guard let fresh = try? KafkaProducer(configuration: configuration, logger: logger) else { return false }
            holder = fresh
            return true
        }
        if replaced {
            logger.error("producer hit a fatal error and was recreated", ["kafka.error": error.description])
            failed.close(timeout: .seconds(1))
        }
    }

    /// Flushes and closes the producer within `timeout`.
    func close(timeout: Duration) {
        let current = producer.withLock { $0 }
        do { try current.flush(timeout: timeout) } catch { logger.warning("producer flush incomplete at shutdown", ["kafka.error": "\(error)"]) }
        current.close(timeout: .seconds(1))
    }
}
