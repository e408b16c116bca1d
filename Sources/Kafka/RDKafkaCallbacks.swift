internal import CRdKafka
import Telemetry

/// The non-capturing C callbacks; each reaches Swift state through the client opaque.
enum RDKafkaCallbacks {
    /// Installs the log and error callbacks every client gets.
    static func installCommon(_ conf: OpaquePointer) {
        rd_kafka_conf_set_log_cb(conf) { rk, level, facility, buffer in
            guard let rk, let context = ClientContext.from(rd_kafka_opaque(rk)) else { return }
            let logLevel = RDKafkaCallbacks.logLevel(syslog: level)
            guard context.logger.isEnabled(logLevel) else { return }
            context.logger.log(logLevel, "librdkafka log", [
                "kafka.facility": facility.map { String(cString: $0) } ?? "",
                "kafka.client": String(cString: rd_kafka_name(rk)),
                "kafka.log": buffer.map { String(cString: $0) } ?? "",
            ])
        }
        rd_kafka_conf_set_error_cb(conf) { rk, err, reason, opaque in
            guard let rk, let context = ClientContext.from(opaque) else { return }
            let code = KafkaErrorCode(rawValue: err)
            var metadata = [
                "kafka.client": String(cString: rd_kafka_name(rk)),
                "kafka.error": code.description,
                "kafka.reason": reason.map { String(cString: $0) } ?? "",
            ]
            if code == .fatal, let fatal = KafkaError.fatalError(of: rk) {
                metadata["kafka.error"] = fatal.code.description
                metadata["kafka.reason"] = fatal.message
                context.logger.critical("librdkafka fatal error", metadata)
            } else if code == .transport || code == .allBrokersDown {
                context.logger.warning("librdkafka error", metadata)
            } else {
                context.logger.error("librdkafka error", metadata)
            }
        }
    }

    /// Maps a syslog level (0 emergency ... 7 debug) to a ``LogLevel``.
    static func logLevel(syslog level: Int32) -> LogLevel {
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    }
}
