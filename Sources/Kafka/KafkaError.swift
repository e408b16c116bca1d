internal import CRdKafka

/// An error reported by librdkafka or by this wrapper.
public struct KafkaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The librdkafka code. For a fatal client error this is the underlying cause (from `rd_kafka_fatal_error`),
    /// not `_FATAL`; check ``isFatal``.
    public var code: KafkaErrorCode
    /// A human-readable explanation (librdkafka's own text when it gave one).
    public var message: String
    /// The client instance is unusable and must be recreated.
    public var isFatal: Bool
    /// Retrying the same operation may succeed.
    public var isRetriable: Bool

    /// Creates an error; retriability defaults to the code's nature.
    public init(code: KafkaErrorCode, message: String, isFatal: Bool = false, isRetriable: Bool? = nil) {
        self.code = code
        self.message = message
        self.isFatal = isFatal
        self.isRetriable = !isFatal && (isRetriable ?? code.isRetriableByNature)
    }

    /// `CODE_NAME(code): message [fatal] [retriable]`.
    public var description: String {
        var text = "\(code): \(message)"
        if isFatal { text += " [fatal]" }
        if isRetriable { text += " [retriable]" }
        return text
    }
}

extension KafkaError {
    /// An error from a bare `rd_kafka_resp_err_t`, with librdkafka's text for it.
    init(_ err: rd_kafka_resp_err_t, context: String? = nil) {
        let code = KafkaErrorCode(rawValue: err.rawValue)
        let text = String(cString: rd_kafka_err2str(err))
        self.init(code: code, message: context.map { "\($0): \(text)" } ?? text)
    }

    /// Takes ownership of an `rd_kafka_error_t` (destroys it) and converts it.
    init(consuming error: OpaquePointer) {
        defer { rd_kafka_error_destroy(error) }
        self.init(
            code: KafkaErrorCode(rawValue: rd_kafka_error_code(error).rawValue),
            message: String(cString: rd_kafka_error_string(error)),
            isFatal: rd_kafka_error_is_fatal(error) != 0,
            isRetriable: rd_kafka_error_is_retriable(error) != 0 || KafkaErrorCode(rawValue: rd_kafka_error_code(error).rawValue).isRetriableByNature
        )
    }

    /// The client's fatal error, if one was raised (`rd_kafka_fatal_error`).
    static func fatalError(of rk: OpaquePointer) -> KafkaError? {
        var buffer = [CChar](repeating: 0, count: 512)
        let err = rd_kafka_fatal_error(rk, &buffer, buffer.count)
        guard err != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        let reason = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return KafkaError(code: KafkaErrorCode(rawValue: err.rawValue), message: reason, isFatal: true)
    }

    /// A wrapper-level error for using a closed client.
    static let closed = KafkaError(code: .state, message: "the Kafka client is closed")
}
