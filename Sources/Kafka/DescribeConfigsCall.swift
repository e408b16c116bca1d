internal import CRdKafka

/// One DescribeConfigs admin request for topics: owns its config resources, admin options and result queue, all
/// destroyed in `deinit` (the result event is destroyed as soon as it has been read).
final class DescribeConfigsCall {
    private let resources: [OpaquePointer]
    private let options: OpaquePointer
    private let queue: OpaquePointer

    /// Prepares the request on client `rk` (not yet sent).
    init(_ rk: OpaquePointer, topics: [String], timeout: Duration) throws {
        resources = topics.map { rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, $0) }
        guard let options = rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS) else {
            resources.forEach { rd_kafka_ConfigResource_destroy($0) }
            throw KafkaError(code: .fail, message: "DescribeConfigs: admin options could not be created")
        }
        self.options = options
        queue = rd_kafka_queue_new(rk)
        var errstr = [CChar](repeating: 0, count: 256)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeout.milliseconds, &errstr, errstr.count)
    }

    deinit {
        resources.forEach { rd_kafka_ConfigResource_destroy($0) }
        rd_kafka_AdminOptions_destroy(options)
        rd_kafka_queue_destroy(queue)
    }

    /// Sends the request and blocks until its result or `timeout`.
    /// - Throws: ``KafkaError`` when the request as a whole failed (a broker without DescribeConfigs, a timeout).
    func run(_ rk: OpaquePointer, timeout: Duration) throws -> [String: Result<[String: String], KafkaError>] {
        var array: [OpaquePointer?] = resources
        rd_kafka_DescribeConfigs(rk, &array, array.count, options, queue)
        guard let event = rd_kafka_queue_poll(queue, timeout.milliseconds) else {
            throw KafkaError(code: .timedOut, message: "DescribeConfigs: no answer within \(timeout)")
        }
        defer { rd_kafka_event_destroy(event) }
        let err = rd_kafka_event_error(event)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            throw KafkaError(code: KafkaErrorCode(rawValue: err.rawValue), message: text.isEmpty ? "DescribeConfigs failed" : text)
        }
        guard let result = rd_kafka_event_DescribeConfigs_result(event) else {
            throw KafkaError(code: .fail, message: "DescribeConfigs: unexpected event \(rd_kafka_event_type(event))")
        }
        var count = 0
        guard let described = rd_kafka_DescribeConfigs_result_resources(result, &count) else { return [:] }
        var answers: [String: Result<[String: String], KafkaError>] = [:]
        for index in 0..<count {
            guard let resource = described[index] else { continue }
            answers[String(cString: rd_kafka_ConfigResource_name(resource))] = Self.entries(of: resource)
        }
        return answers
    }

    /// A resource's entries (sensitive ones, whose values brokers never send, left out), or its error.
    private static func entries(of resource: OpaquePointer) -> Result<[String: String], KafkaError> {
        let err = rd_kafka_ConfigResource_error(resource)
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else {
            let text = rd_kafka_ConfigResource_error_string(resource).map { String(cString: $0) } ?? ""
            return .failure(KafkaError(err, context: text.isEmpty ? nil : text))
        }
        var count = 0
        guard let entries = rd_kafka_ConfigResource_configs(resource, &count) else { return .success([:]) }
        var values: [String: String] = [:]
        for index in 0..<count {
            guard let entry = entries[index], let value = rd_kafka_ConfigEntry_value(entry) else { continue }
            values[String(cString: rd_kafka_ConfigEntry_name(entry))] = String(cString: value)
        }
        return .success(values)
    }
}
