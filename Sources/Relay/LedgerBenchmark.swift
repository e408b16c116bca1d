import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// Measures the idempotency ledger at scale against a Kafka cluster (the bench uses a ``MockKafkaCluster``): fills a
/// synthetic ledger topic, then loads it through the relay's own engine and loaders, as an assignment would.
///
/// Measured: the full load's time and memory (table bytes, resident memory before/after and its peak), an incremental
/// load after a revoke with new entries written meanwhile, and the pause a rebalance causes with every key held.
/// Blocking: run it off the cooperative pool.
public enum LedgerBenchmark {
    /// What to measure.
    public struct Options: Sendable {
        public var bootstrapServers: String
        /// The synthetic ledger topic; it must exist with at least ``partitions`` partitions and be empty.
        public var topic: String
        public var partitions: Int
        public var keys: Int
        /// Entries written while the partitions are revoked (the incremental load reads them).
        public var newKeys: Int
        /// Seeds the synthetic tokens.
        public var seed: UInt64
        /// The longest any load may take.
        public var timeout: Duration
        public var logger: Logger

        /// - Parameter partitions: the mock cluster keeps ~5 MiB of (compressed) records per partition: keep about
        ///   60,000 synthetic entries per partition (70,000 fit in zstd batches); ``LedgerBenchmark/run(_:)`` refuses
        ///   a topic that lost records.
        public init(bootstrapServers: String, topic: String, partitions: Int, keys: Int, newKeys: Int = 10_000, seed: UInt64 = 1,
                    timeout: Duration = .seconds(3600), logger: Logger = .disabled) {
            self.bootstrapServers = bootstrapServers
            self.topic = topic
            self.partitions = partitions
            self.keys = keys
            self.newKeys = newKeys
            self.seed = seed
            self.timeout = timeout
            self.logger = logger
        }
    }

    /// The benchmark could not run as asked.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Creates `topic` on `cluster` with `partitions` partitions, then runs ``run(_:)``.
    public static func run(on cluster: MockKafkaCluster, keys: Int, partitions: Int, newKeys: Int = 10_000,
                           logger: Logger = .disabled) throws -> LedgerBenchmarkResult {
        let topic = "bench.ledger.\(UInt32.random(in: 0...UInt32.max))"
        try cluster.createTopic(topic, partitions: Int32(partitions))
        return try run(Options(bootstrapServers: cluster.bootstrapServers, topic: topic, partitions: partitions, keys: keys,
                               newKeys: newKeys, logger: logger))
    }

    /// Fills the topic, then measures (see the type's note).
    public static func run(_ options: Options) throws -> LedgerBenchmarkResult {
        var tokens = SyntheticTokens(seed: options.seed)
        let now = Date().millisecondsSince1970
        let fillStart = ContinuousClock.now
        try SyntheticLedgerWriter(options: options).write(range: 0..<options.keys, tokens: &tokens, nowMillis: now)
        let fillSeconds = (ContinuousClock.now - fillStart).seconds
        try checkNothingLost(options, expected: options.keys)

        let metrics = RelayMetrics()
        let engine = try RelayEngine.ledgerOnly(settings: settings(options), metrics: metrics, logger: options.logger)
        let partitions = (0..<options.partitions).map { TopicPartition(topic: "bench.input", partition: Int32($0)) }

        ProcessMemory.resetPeak()
        let residentBefore = ProcessMemory.resident()
        let fullLoadSeconds = try assignAndWait(engine, partitions, options)
        let residentAfter = ProcessMemory.resident()
        let peak = ProcessMemory.peak()
        let loaded = engine.ledgerCounts().reduce(0) { $0 + $1.1 }
        guard loaded == options.keys else { throw Failure(description: "loaded \(loaded) keys of \(options.keys)") }
        let ledgerBytes = engine.ledgerBytes().reduce(0) { $0 + $1.1 }

        // Revoked; another member writes new entries; the partitions come back.
        engine.revoked(partitions, lost: false, waitUpTo: .seconds(1))
        try SyntheticLedgerWriter(options: options).write(range: options.keys..<(options.keys + options.newKeys), tokens: &tokens, nowMillis: now)
        let readBefore = metrics.ledgerRecordsRead.value()
        let incrementalSeconds = try assignAndWait(engine, partitions, options)
        let incrementalRead = Int(metrics.ledgerRecordsRead.value() - readBefore)

        // A rebalance with nothing new: the pause is the assignment's own cost.
        engine.revoked(partitions, lost: false, waitUpTo: .seconds(1))
        let pauseSeconds = try assignAndWait(engine, partitions, options)
        engine.revoked(partitions, lost: false, waitUpTo: .seconds(1))

        return LedgerBenchmarkResult(
            keys: options.keys, partitions: options.partitions, fillSeconds: fillSeconds, fullLoadSeconds: fullLoadSeconds,
            ledgerBytes: ledgerBytes, residentBytesBefore: residentBefore, residentBytesAfter: residentAfter,
            residentBytesPeakDuringLoad: peak, newKeys: options.newKeys, incrementalLoadSeconds: incrementalSeconds,
            incrementalRecordsRead: incrementalRead, rebalancePauseSeconds: pauseSeconds)
    }

    /// Assigns every partition and waits until all flow; returns the seconds it took.
    private static func assignAndWait(_ engine: RelayEngine, _ partitions: [TopicPartition], _ options: Options) throws -> Double {
        let start = ContinuousClock.now
        engine.assigned(partitions)
        while engine.ledgerCounts().count < partitions.count {
            guard ContinuousClock.now - start < options.timeout else {
                throw Failure(description: "ledger not loaded within \(options.timeout)")
            }
            Thread.sleep(forTimeInterval: 0.002)
        }
        return (ContinuousClock.now - start).seconds
    }

    /// The mock cluster drops a partition's oldest records past ~5 MiB: a load would then miss keys.
    private static func checkNothingLost(_ options: Options, expected: Int) throws {
        let consumer = try KafkaConsumer(configuration: KafkaConfiguration(bootstrapServers: options.bootstrapServers), logger: .disabled)
        defer { consumer.close(timeout: .seconds(2)) }
        var total: Int64 = 0
        for partition in 0..<options.partitions {
            let (low, high) = try consumer.watermarks(TopicPartition(topic: options.topic, partition: Int32(partition)), timeout: .seconds(10))
            guard low == 0 else {
                throw Failure(description: "partition \(partition) lost its first \(low) records (the mock cluster keeps ~5 MiB per partition): use more partitions")
            }
            total += high
        }
        guard total == Int64(expected) else { throw Failure(description: "the topic holds \(total) records, not \(expected)") }
    }

    /// Relay settings that point the engine's loaders at the synthetic topic (nothing else is used).
    private static func settings(_ options: Options) -> RelaySettings {
        var settings = RelaySettings(
            kafka: KafkaConfiguration(bootstrapServers: options.bootstrapServers), inputTopic: "bench.input", ledgerTopic: options.topic,
            businessCentral: BusinessCentralConfiguration(apiBaseURL: URL(string: "http://127.0.0.1:1/api/v2.0")!, allowInsecureHTTP: true,
                                                          tokenURL: URL(string: "http://127.0.0.1:1/token")!, clientId: "bench", clientSecret: Secret("bench")),
            companyId: UUID())
        settings.ledgerLoadTimeout = options.timeout
        return settings
    }
}

extension Duration {
    /// The duration in seconds, as a Double (for reports).
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
