import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Synchronization
import Telemetry
import RelayTestKit

/// A mock Kafka cluster with the relay's four topics, a producer for input events, and readers for the outputs.
final class RelayHarness: Sendable {
    let cluster: MockKafkaCluster
    let names: String
    let partitions: Int32
    let producer: KafkaProducer
    let logSink = CapturingLogSink()

    var inputTopic: String { "\(names).in" }
    var outcomeTopic: String { "\(names).out" }
    var deadLetterTopic: String { "\(names).dlq" }
    var ledgerTopic: String { "\(names).ledger" }
    var groupId: String { "\(names).group" }

    init(partitions: Int32 = 4, brokers: Int = 1) throws {
        cluster = try MockKafkaCluster(brokers: brokers)
        names = "t\(UInt32.random(in: 0...UInt32.max))"
        self.partitions = partitions
        for topic in ["\(names).in", "\(names).ledger"] { try cluster.createTopic(topic, partitions: partitions) }
        for topic in ["\(names).out", "\(names).dlq"] { try cluster.createTopic(topic, partitions: 2) }
        producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["linger.ms": "1"]),
                                     logger: .disabled)
    }

    /// Kafka settings fast enough for tests on the mock cluster.
    var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: [
            "fetch.wait.max.ms": "50", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
            "topic.metadata.refresh.interval.ms": "2000", "socket.timeout.ms": "5000",
        ])
    }

    func settings(businessCentral: BusinessCentralConfiguration? = nil, retry: RetryPolicy = RetryPolicy(maxAttempts: 4, maxElapsed: .seconds(20), baseDelay: .milliseconds(20), maxDelay: .milliseconds(200)),
                  maxInFlight: Int = 64) -> RelaySettings {
        RelaySettings(
            kafka: kafka, groupId: groupId, inputTopic: inputTopic, outcomeTopic: outcomeTopic, deadLetterTopic: deadLetterTopic,
            ledgerTopic: ledgerTopic,
            businessCentral: businessCentral ?? BusinessCentralConfiguration(apiBaseURL: URL(string: "http://127.0.0.1:1/api/v2.0")!, allowInsecureHTTP: true,
                                                                             tokenURL: URL(string: "http://127.0.0.1:1/token")!, clientId: "c", clientSecret: Secret("s")),
            companyId: UUID(uuidString: "5D115C9C-44E3-EA11-BB43-000D3A2FEBA0")!, journalCode: "RELAY", defaultCurrency: "USD",
            maxInFlightPerPartition: maxInFlight,
            retry: retry, shutdownTimeout: .seconds(5), httpHost: "127.0.0.1", httpPort: 0, logLevel: .debug)
    }

    func logger() -> Logger { Logger(label: "test", minimumLevel: .debug, sink: logSink) }

    /// Publishes raw values with keys.
    func publish(_ events: [(key: String, value: String)]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for event in events {
                group.addTask {
                    _ = try await self.producer.send(ProducerRecord(topic: self.inputTopic, partition: nil, key: Array(event.key.utf8),
                                                                    value: Array(event.value.utf8), headers: [KafkaHeader(key: "source", value: Array("test".utf8))]))
                }
            }
            try await group.waitForAll()
        }
    }

    /// Every record of `topic` so far (all partitions, up to the high watermarks).
    func readAll(_ topic: String, partitions count: Int32 = 0) throws -> [KafkaRecord] {
        try TopicSnapshot.read(topic: topic, kafka: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers))
    }

    /// Polls the outcome topic until it holds at least `count` outcomes or `timeout` passes; returns what it saw.
    func waitForOutcomes(count: Int = 1, timeout: Duration = .seconds(40)) async throws -> [[String: Any]] {
        var outcomes: [[String: Any]] = []
        _ = try await waitUntil(timeout: timeout, pollEvery: .milliseconds(100)) {
            outcomes = try self.outcomes()
            return outcomes.count >= count
        }
        return outcomes
    }

    /// The outcomes as JSON objects.
    func outcomes() throws -> [[String: Any]] {
        try readAll(outcomeTopic, partitions: 2).compactMap { record in
            try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any]
        }
    }

    /// Committed offsets of the relay's group on the input topic.
    func committedOffsets() throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["group.id": groupId]), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        let partitions = (0..<partitions).map { TopicPartition(topic: inputTopic, partition: $0) }
        let committed = try consumer.committedOffsets(partitions, timeout: .seconds(5))
        return Dictionary(uniqueKeysWithValues: committed.map { ($0.key.partition, $0.value) })
    }

    /// High watermarks of the input topic.
    func inputEnds() throws -> [Int32: Int64] {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        var ends: [Int32: Int64] = [:]
        for partition in 0..<partitions {
            let (_, high) = try consumer.watermarks(TopicPartition(topic: inputTopic, partition: partition), timeout: .seconds(5))
            if high > 0 { ends[partition] = high }
        }
        return ends
    }
}

/// Runs a relay service in the background and stops it on demand.
final class RunningRelay: Sendable {
    let service: RelayService
    let task: Task<Void, any Error>

    init(_ service: RelayService) {
        self.service = service
        task = Task { try await service.run() }
    }

    func stop() async throws {
        service.stop()
        try await task.value
    }
}

/// A sample event JSON.
func paymentEvent(id: String, key: String? = nil, customer: String = "C10000", amount: String = "\"100.00\"", extra: String = "") -> String {
    var json = "{\"eventId\":\"\(id)\",\"customerNumber\":\"\(customer)\",\"amount\":\(amount)"
    if let key { json += ",\"idempotencyKey\":\"\(key)\"" }
    if !extra.isEmpty { json += "," + extra }
    return json + "}"
}
