internal import CRdKafka

/// Builds `rd_kafka_conf_t` objects from property maps.
enum RDKafkaConfig {
    /// A new configuration with every property set, in a stable order.
    ///
    /// - Throws: ``KafkaError`` (`invalidArgument`) carrying librdkafka's errstr, which names the property.
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        var errstr = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                let message = errstr.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
                throw KafkaError(code: .invalidArgument, message: message)
            }
        }
        return conf
    }
}
