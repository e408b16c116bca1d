import BCSimulator
import Foundation
import RelayCLI
import HTTPServer
import Kafka
import Synchronization
import Telemetry

/// One fresh world per measurement: a librdkafka mock cluster with the relay's four topics and a Business Central
/// simulator, both in the bench process. Fresh because the mock keeps only ~5 MiB per partition and every run
/// must start from empty topics and an empty journal.
final class BenchWorld: Sendable {
    static let inputTopic = "payments.received"
    static let outcomeTopic = "payments.outcomes"
    static let deadLetterTopic = "payments.received.dlq"
    static let ledgerTopic = "payments.ledger"

    let cluster: MockKafkaCluster
    let simulator: BusinessCentralSimulator
    let simulatorConfiguration: SimulatorConfiguration
    let partitions: Int32
    let producer: KafkaProducer
    /// Distinguishes event ids between worlds (so a stray consumer never confuses two runs).
    let runTag: String

    /// The mock-cluster-friendly consumer settings the README documents (also given to every relay child).
    static let kafkaProperties: [String: String] = [
        "fetch.wait.max.ms": "50", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
    ]

    init(partitions: Int32, latency: Duration = .zero, limits: SimLimits = .unlimited) throws {
        cluster = try MockKafkaCluster(brokers: 1)
        self.partitions = partitions
        try cluster.createTopic(Self.inputTopic, partitions: partitions)
        try cluster.createTopic(Self.ledgerTopic, partitions: partitions)
        try cluster.createTopic(Self.outcomeTopic, partitions: partitions)
        try cluster.createTopic(Self.deadLetterTopic, partitions: 2)
        var configuration = SimulatorConfiguration.demo()
        // No lock-free line-number race: the ceiling measures the relay, not BC's collisions.
        configuration.lineNumberRaceWindow = .zero
        configuration.faults = FaultPlan(latency: latency)
        configuration.limits = limits
        configuration.server = .init(host: "127.0.0.1", port: 0)
        simulatorConfiguration = configuration
        simulator = BusinessCentralSimulator(configuration: configuration, logger: .disabled)
        try simulator.start()
        producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: ["linger.ms": "5"]),
                                     logger: .disabled)
        runTag = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    deinit {
        producer.close(timeout: .seconds(2))
        simulator.stop()
    }

    var kafka: KafkaConfiguration {
        KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: Self.kafkaProperties)
    }

    /// The event with index `index` of this world.
    func event(_ index: Int) -> (key: [UInt8], value: [UInt8], id: String) { BenchEvents.event(tag: runTag, index: index) }

    /// Publishes events `range` as fast as the producer takes them and waits for every acknowledgement.
    func publish(_ range: Range<Int>) throws {
        let failures = Mutex(0)
        for index in range {
            let event = event(index)
            producer.produce(ProducerRecord(topic: Self.inputTopic, key: event.key, value: event.value)) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
            }
        }
        try producer.flush(timeout: .seconds(120))
        let failed = failures.withLock { $0 }
        guard failed == 0 else { throw BenchError("\(failed) input records were not acknowledged by the mock cluster") }
    }

    /// Publishes events `range` at `rate` per second (paced, for latency); returns the wall time each was sent.
    func publishPaced(_ range: Range<Int>, rate: Double) throws -> [String: Double] {
        var sent: [String: Double] = [:]
        let start = ContinuousClock.now
        for (position, index) in range.enumerated() {
            let due = start + .seconds(Double(position) / rate)
            let wait = ContinuousClock.now.duration(to: due)
            if wait > .zero { Thread.sleep(forTimeInterval: wait.seconds) }
            let event = event(index)
            sent[event.id] = Date().timeIntervalSince1970
            producer.produce(ProducerRecord(topic: Self.inputTopic, key: event.key, value: event.value)) { _ in }
        }
        try producer.flush(timeout: .seconds(60))
        return sent
    }

    /// The environment of a relay child (`payment-relay run`) against this world.
    func relayEnvironment(groupId: String, options: BenchOptions, rateBudget: (requests: Int, window: Duration)? = nil) -> [String: String] {
        var environment: [String: String] = [
            "KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrapServers, "KAFKA_GROUP_ID": groupId,
            "RELAY_INPUT_TOPIC": Self.inputTopic, "RELAY_OUTCOME_TOPIC": Self.outcomeTopic,
            "RELAY_DLQ_TOPIC": Self.deadLetterTopic, "RELAY_LEDGER_TOPIC": Self.ledgerTopic,
            "BC_API_URL": simulator.baseURL.absoluteString, "BC_TOKEN_URL": simulator.tokenURL.absoluteString,
            "BC_ALLOW_HTTP": "true", "BC_CLIENT_ID": simulatorConfiguration.clientId,
            "BC_CLIENT_SECRET": simulatorConfiguration.clientSecret,
            "BC_COMPANY_ID": SimulatorConfiguration.DemoIDs.cronusCompany.uuidString.lowercased(),
            "BC_MAX_CONCURRENT_REQUESTS": String(options.concurrency),
            "BC_REQUEST_TIMEOUT": "10s",
            "RELAY_SHUTDOWN_TIMEOUT": "15s", "RELAY_HTTP_HOST": "127.0.0.1", "RELAY_HTTP_PORT": "0", "RELAY_DEFAULT_CURRENCY": "USD",
            "LOG_LEVEL": options.logLevel.description, "LOG_FORMAT": "json",
        ]
        for (key, value) in Self.kafkaProperties {
            environment["KAFKA_" + key.uppercased().replacingOccurrences(of: ".", with: "_")] = value
        }
        // The relay's own budget: the scenario's, or effectively none (the simulator has no limit either).
        let budget = rateBudget ?? (1_000_000, .seconds(1))
        environment["BC_RATE_LIMIT_REQUESTS"] = String(budget.requests)
        environment["BC_RATE_LIMIT_WINDOW"] = "\(Int(budget.window.seconds * 1000))ms"
        return environment
    }

    /// High watermarks of every partition of `topic`.
    func highWatermarks(_ topic: String, partitions count: Int32) throws -> (low: Int64, high: Int64) {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        var low: Int64 = 0, high: Int64 = 0
        for partition in 0..<count {
            let marks = try consumer.watermarks(TopicPartition(topic: topic, partition: partition), timeout: .seconds(5))
            low += marks.low
            high += marks.high
        }
        return (low, high)
    }

    /// Throws when the mock dropped records (a partition beyond its ~5 MiB limit): the run would be invalid.
    func checkNothingDropped() throws {
        for (topic, count) in [(Self.inputTopic, partitions), (Self.ledgerTopic, partitions), (Self.outcomeTopic, partitions)] {
            let marks = try highWatermarks(topic, partitions: count)
            if marks.low > 0 {
                throw BenchError("the mock cluster dropped \(marks.low) records of \(topic) (over ~5 MiB per partition): use more --partitions or fewer --events")
            }
        }
    }
}

/// A benchmark failure with a plain message.
struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The benchmark's input events.
enum BenchEvents {
    /// Event `index` of run `tag`: small (~80 bytes) so 100,000 fit the mock's per-partition limit; keyed by its id.
    static func event(tag: String, index: Int) -> (key: [UInt8], value: [UInt8], id: String) {
        let id = "e\(tag)-\(index)"
        let customer = ["C10000", "C20000", "C30000", "C40000"][index % 4]
        let json = "{\"eventId\":\"\(id)\",\"customerNumber\":\"\(customer)\",\"amount\":\"\(index % 997 + 1).\(index % 90 + 10)\"}"
        return (Array(id.utf8), Array(json.utf8), id)
    }
}
