import Foundation
import Kafka
import Synchronization
import Telemetry

/// A unique topic or group name, so tests never share broker state.
func uniqueName(_ prefix: String) -> String {
    "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())"
}

/// Checks `condition` every 10 ms until it holds or `timeout` passes; returns whether it held.
/// Blocking on purpose: the tests run librdkafka's blocking calls on their own thread.
@discardableResult
func waitUntil(timeout: Duration, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while true {
        if try condition() { return true }
        if ContinuousClock.now >= deadline { return false }
        Thread.sleep(forTimeInterval: 0.01)
    }
}

/// A thread-safe list of values collected from callbacks.
final class Collector<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])
    func append(_ value: Value) { storage.withLock { $0.append(value) } }
    var values: [Value] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
    func removeAll() { storage.withLock { $0.removeAll() } }
}

/// Fast settings for the mock cluster.
func consumerConfiguration(_ cluster: MockKafkaCluster, group: String? = nil, _ extra: [String: String] = [:]) -> KafkaConfiguration {
    var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: extra)
    configuration.fetchWaitMax = .milliseconds(50)
    configuration.groupId = group
    return configuration.merging(extra)
}

func producerConfiguration(_ cluster: MockKafkaCluster, _ extra: [String: String] = [:]) -> KafkaConfiguration {
    var configuration = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers)
    configuration.linger = .milliseconds(5)
    return configuration.merging(extra)
}

extension KafkaConfiguration {
    func merging(_ extra: [String: String]) -> KafkaConfiguration {
        var copy = self
        copy.properties.merge(extra) { _, new in new }
        return copy
    }
}

/// Polls until `count` records arrived or `timeout` passed.
func consume(_ consumer: KafkaConsumer, count: Int, timeout: Duration = .seconds(10)) throws -> [KafkaRecord] {
    var records: [KafkaRecord] = []
    let deadline = ContinuousClock.now + timeout
    while records.count < count, ContinuousClock.now < deadline {
        if let record = try consumer.poll(timeout: .milliseconds(100)) { records.append(record) }
    }
    return records
}

/// Polls for `duration` and returns whatever arrived (for asserting that nothing does).
func drain(_ consumer: KafkaConsumer, for duration: Duration) throws -> [KafkaRecord] {
    var records: [KafkaRecord] = []
    let deadline = ContinuousClock.now + duration
    while ContinuousClock.now < deadline {
        if let record = try consumer.poll(timeout: .milliseconds(50)) { records.append(record) }
    }
    return records
}

/// Produces `records` and waits for every delivery report.
func produceAll(
    _ producer: KafkaProducer, _ records: [ProducerRecord], timeout: Duration = .seconds(10)
) throws -> [Result<DeliveryReport, KafkaError>] {
    let results = Collector<Result<DeliveryReport, KafkaError>>()
    for record in records { producer.produce(record) { results.append($0) } }
    guard waitUntil(timeout: timeout, { results.count == records.count }) else {
        throw KafkaError(code: .timedOut, message: "only \(results.count) of \(records.count) delivery reports")
    }
    return results.values
}

/// `count` small records for `topic` partition 0, values `prefix-0`, `prefix-1`, ...
func records(_ topic: String, count: Int, prefix: String = "v", partition: Int32? = 0) -> [ProducerRecord] {
    (0..<count).map { ProducerRecord(topic: topic, partition: partition, value: Array("\(prefix)-\($0)".utf8)) }
}

extension KafkaRecord {
    var text: String { value.map { String(decoding: $0, as: UTF8.self) } ?? "<nil>" }
}
