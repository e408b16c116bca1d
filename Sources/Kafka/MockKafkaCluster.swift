internal import CRdKafka
import Telemetry

/// An in-process librdkafka mock cluster (real TCP listeners on 127.0.0.1) for tests and the offline demo.
///
/// Owns a private `rd_kafka_t` hosting the cluster; both are destroyed in `deinit`. Hand ``bootstrapServers``
/// to every client (never `test.mock.num.brokers`, which gives each client a private cluster). Broker ids are
/// `1...brokers`.
public final class MockKafkaCluster: @unchecked Sendable {
    // @unchecked: the C pointers are immutable after init, and the mock API is thread-safe (it posts to the
    // cluster's own thread).
    private let host: RDKafkaClient
    private let cluster: OpaquePointer

    /// Starts a cluster with `brokers` brokers.
    /// - Throws: ``KafkaError`` if the host client or the cluster cannot be created.
    public init(brokers: Int = 3, logger: Logger = .disabled) throws {
        host = try RDKafkaClient(kind: .producer, properties: ["log.connection.close": "false"], context: ClientContext(logger: logger))
        guard let cluster = try host.withHandle({ rd_kafka_mock_cluster_new($0, Int32(brokers)) }) else {
            throw KafkaError(code: .fail, message: "rd_kafka_mock_cluster_new failed")
        }
        self.cluster = cluster
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
        // `host` is released after this, destroying the hosting client.
    }

    /// The `bootstrap.servers` value for clients.
    public var bootstrapServers: String { String(cString: rd_kafka_mock_cluster_bootstraps(cluster)) }

    /// Creates `name` with `partitions` partitions.
    public func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32 = 1) throws {
        try check(rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor), "create topic \(name)")
    }

    /// Makes the next requests of `apiKey` (to any broker) fail, one error per request, in order.
    public func pushRequestErrors(_ apiKey: KafkaAPIKey, _ errors: [KafkaErrorCode]) {
        var codes = errors.map { rd_kafka_resp_err_t(rawValue: $0.rawValue) }
        rd_kafka_mock_push_request_errors_array(cluster, apiKey.rawValue, codes.count, &codes)
    }

    /// Makes the next `apiKey` request to `broker` answer `error` after `rtt` (`.noError` + a long `rtt` simulates an
    /// applied request whose ack is lost to `socket.timeout.ms`).
    public func pushBrokerRequestError(broker: Int32, apiKey: KafkaAPIKey, error: KafkaErrorCode, rtt: Duration) {
        _ = shim_mock_broker_push_request_error_rtt(
            cluster, broker, apiKey.rawValue, rd_kafka_resp_err_t(rawValue: error.rawValue), rtt.milliseconds)
    }

    /// Stops `broker`'s listener and drops its connections (leadership does not move).
    public func setBrokerDown(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_down(cluster, broker), "broker \(broker) down")
    }

    /// Restarts `broker`'s listener.
    public func setBrokerUp(_ broker: Int32) throws {
        try check(rd_kafka_mock_broker_set_up(cluster, broker), "broker \(broker) up")
    }

    /// Delays every response from `broker` by `rtt`.
    public func setBrokerRTT(_ broker: Int32, _ rtt: Duration) throws {
        try check(rd_kafka_mock_broker_set_rtt(cluster, broker, rtt.milliseconds), "broker \(broker) rtt")
    }

    /// Moves leadership of one partition to `broker`.
    public func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws {
        try check(rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker), "leader \(topic)[\(partition)]")
    }

    /// Makes `broker` the coordinator of consumer group `group`.
    public func setCoordinator(group: String, broker: Int32) throws {
        try check(rd_kafka_mock_coordinator_set(cluster, "group", group, broker), "coordinator \(group)")
    }

    private func check(_ err: rd_kafka_resp_err_t, _ what: String) throws {
        guard err == RD_KAFKA_RESP_ERR_NO_ERROR else { throw KafkaError(err, context: what) }
    }
}
