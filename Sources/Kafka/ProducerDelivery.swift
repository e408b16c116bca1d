internal import CRdKafka

/// Carries one produce call's completion through librdkafka as the per-message opaque.
final class DeliveryBox: Sendable {
    let completion: @Sendable (Result<DeliveryReport, KafkaError>) -> Void

    init(_ completion: @escaping @Sendable (Result<DeliveryReport, KafkaError>) -> Void) {
        self.completion = completion
    }
}

/// The delivery-report callback: runs on the producer's polling thread and completes each box exactly once.
enum ProducerDelivery {
    /// Installs the delivery-report callback on a producer configuration.
    static func install(_ conf: OpaquePointer) {
        rd_kafka_conf_set_dr_msg_cb(conf) { rk, message, _ in
            guard let rk, let message, let opaque = message.pointee._private else { return }
            let box = Unmanaged<DeliveryBox>.fromOpaque(opaque).takeRetainedValue()
            box.completion(ProducerDelivery.result(rk, message))
        }
    }

    static func result(_ rk: OpaquePointer, _ message: UnsafePointer<rd_kafka_message_t>) -> Result<DeliveryReport, KafkaError> {
        let m = message.pointee
        let topic = String(cString: rd_kafka_topic_name(m.rkt))
        guard m.err != RD_KAFKA_RESP_ERR_NO_ERROR else {
            return .success(DeliveryReport(topic: topic, partition: m.partition, offset: m.offset))
        }
        let fatal = KafkaError.fatalError(of: rk)
        if m.err == RD_KAFKA_RESP_ERR__FATAL, let fatal { return .failure(fatal) }
        var error = KafkaError(
            code: KafkaErrorCode(rawValue: m.err.rawValue),
            message: String(cString: rd_kafka_message_errstr(message)),
            isFatal: fatal != nil || m.err == RD_KAFKA_RESP_ERR__FATAL
        )
        if let fatal { error.message += " (producer fatal error: \(fatal.message))" }
        return .failure(error)
    }
}
