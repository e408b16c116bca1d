import BusinessCentral
import Foundation
import HTTPServer
import Kafka
import RelayCore
import Synchronization
import Telemetry
import Clocks

/// The worker behind `payment-relay run`: consumes the input topic in a consumer group, books each event exactly
/// once in Business Central, publishes outcomes and dead letters, and serves `/healthz`, `/readyz`, `/metrics`.
///
/// Call ``run()``; it returns after a graceful shutdown requested by ``stop()`` (wired to SIGTERM/SIGINT by the
/// command line): stop taking records, finish in-flight work within the shutdown timeout, commit, leave the group,
/// flush, return.
public final class RelayService: Sendable {
    public let settings: RelaySettings
    public let metrics: RelayMetrics
    let logger: Logger
    let clock: any ServiceClock
    let health: HealthState
    let processor: RecordProcessor
    let engine: RelayEngine
    let publisher: RelayPublisher
    let businessCentral: any CustomerPaymentsAPI
    private let tokenCheck: (@Sendable () async throws -> Void)?
    let consumer: KafkaConsumer
    let server: HTTPServer
    let pollStop = StopFlag()
    let pollExited = DispatchSemaphore(value: 0)
    private let shutdownRequested = Mutex<CheckedContinuation<Void, Never>?>(nil)
    let stopFlag = StopFlag()
    let failure = Mutex<String?>(nil)

    /// Builds the worker; fails fast on configuration or connection problems.
    ///
    /// Construction runs one way: producer, Business Central client, consumer, then the record processor and the
    /// engine that launches it; the consumer's rebalance handler is given at `subscribe`, when the engine exists.
    ///
    /// - Parameters:
    ///   - clock: the one clock of the worker (wall time, monotonic time, sleeps); `random` the one random source.
    ///   - businessCentral: an alternative BC implementation (tests); by default the real client over URLSession with
    ///     the settings' limits.
    public init(settings: RelaySettings, logger: Logger, metrics: RelayMetrics = RelayMetrics(), clock: any ServiceClock = SystemClock(),
                random: any RandomSource = SystemRandom(), businessCentral: (any CustomerPaymentsAPI)? = nil) throws {
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
        let health = HealthState(livenessTimeout: settings.livenessTimeout, clock: clock)
        self.health = health
        // Progress counts from start-up, as `/healthz` counts it: a gauge left at 0 until the first booking would make
        // "seconds since last progress" (time() - gauge) read 1.8e9 on an idle pod.
        let started = clock.now().timeIntervalSince1970
        metrics.pollProgress.set(started)
        metrics.processingProgress.set(started)
        let publisher = try RelayPublisher(configuration: settings.kafka, logger: logger.labelled("kafka.producer"))
        self.publisher = publisher
        if let businessCentral {
            self.businessCentral = businessCentral
            tokenCheck = nil
            health.setToken(ok: true, error: nil)
        } else {
            let client = try BusinessCentralClient(
                configuration: settings.businessCentral,
                transport: URLSessionTransport(maximumConnectionsPerHost: settings.businessCentral.maxConcurrentRequests),
                logger: logger.labelled("bc"),
                observer: { event in
                    metrics.bcRequests.increment(labels: [event.operation, event.statusClass])
                    metrics.bcRequestDuration.observe(event.duration, labels: [event.operation])
                    if event.httpStatus == 429 { metrics.throttles.increment() }
                },
                clock: clock)
            self.businessCentral = client
            tokenCheck = { try await client.checkToken() }
        }
        var consumerConfiguration = settings.kafka
        consumerConfiguration.groupId = settings.groupId
        if consumerConfiguration["auto.commit.interval.ms"] == nil { consumerConfiguration["auto.commit.interval.ms"] = "1000" }
        // Per-partition delivery: a full window stops reading its partition without discarding what was fetched
        // (librdkafka 2.0.2's pause purges it, and its resume waits up to 1 s for the next fetch).
        let consumer = try KafkaConsumer(configuration: consumerConfiguration, logger: logger.labelled("kafka.consumer"),
                                         delivery: .perPartition)
        self.consumer = consumer
        let processor = RecordProcessor(settings: settings, businessCentral: self.businessCentral, publisher: publisher, metrics: metrics,
                                        health: health, clock: clock, random: random, logger: logger.labelled("relay"))
        self.processor = processor
        let engine = RelayEngine(settings: settings, metrics: metrics, clock: clock, logger: logger.labelled("relay"), offsetStore: consumer,
                                 processor: processor, wakePollThread: { consumer.wake() })
        self.engine = engine
        let endpoint = OperationsEndpoint(
            liveness: { health.liveness(inFlight: engine.inFlightCount) },
            readiness: {
                if let fatal = publisher.fatalError { return (false, "producer failed: \(fatal)") }
                if !engine.hasJoinedGroup { return (false, "not yet in the consumer group") }
                if engine.gate.phase == .open { return (false, "Business Central unavailable: circuit open") }
                let token = health.token
                if !token.ok { return (false, "Business Central credentials: \(token.error ?? "not checked yet")") }
                return (true, "ready")
            },
            metrics: metrics.registry, admin: Self.adminEndpoint(settings, engine: engine))
        server = HTTPServer(configuration: OperationsEndpoint.serverConfiguration(for: settings),
                            logger: logger.labelled("http"), handler: { request in endpoint.handle(request) })
        let lagSource = consumer
        metrics.registry.collect {
            engine.updateGauges()
            let ready = endpoint.readiness().ok
            metrics.ready.set(ready ? 1 : 0)
            metrics.unresolvedAttempts.set(Double(engine.unresolvedAttempts))
            for (topicPartition, count) in engine.ledgerCounts() {
                metrics.ledgerEntries.set(Double(count), labels: [String(topicPartition.partition)])
            }
            for (topicPartition, bytes) in engine.ledgerBytes() {
                metrics.ledgerBytes.set(Double(bytes), labels: [String(topicPartition.partition)])
            }
            // Lag counts from the oldest record without a durable outcome, not from the fetch position: a record stuck
            // in booking shows as lag even while later ones are fetched.
            let resume = engine.resumeOffsets()
            for topicPartition in engine.assignedPartitions {
                guard let marks = lagSource.cachedWatermarks(topicPartition),
                      let from = resume[topicPartition] ?? lagSource.position(topicPartition) else { continue }
                metrics.consumerLag.set(Double(max(0, marks.high - from)), labels: [String(topicPartition.partition)])
            }
        }
    }

    /// The port `/healthz`, `/readyz` and `/metrics` listen on (after ``run()`` started).
    public var operationsPort: Int { server.port }

    /// Asks the worker to shut down gracefully; ``run()`` returns when it has.
    public func stop() {
        stopFlag.stop()
        shutdownRequested.withLock { continuation in
            continuation?.resume()
            continuation = nil
        }
    }

    /// Runs until ``stop()`` or until the calling task is cancelled; then shuts down gracefully. Throws when start-up
    /// fails or the consumer hits a fatal error. The blocking start-up and shutdown calls run on threads of their own,
    /// never on the cooperative pool.
    public func run() async throws {
        try await withTaskCancellationHandler {
            try await runUntilStopped()
        } onCancel: {
            stop()
        }
    }

    private func runUntilStopped() async throws {
        try await runBlocking { [self] in try checkTopics() }
        try server.start()
        let engine = self.engine, stopFlag = self.stopFlag
        let revokeWait = settings.businessCentral.requestTimeout + .seconds(5)
        let metrics = self.metrics
        try consumer.subscribe(topics: [settings.inputTopic]) { event in
            metrics.rebalances.increment(labels: [event.kind])
            switch event {
            case let .assigned(partitions): engine.assigned(partitions)
            case let .revoked(partitions): engine.revoked(partitions, lost: false, waitUpTo: stopFlag.isStopped ? .seconds(1) : revokeWait)
            case let .lost(partitions): engine.revoked(partitions, lost: true, waitUpTo: stopFlag.isStopped ? .seconds(1) : revokeWait)
            }
        }
        logger.info("payment-relay started", ["kafka.group": settings.groupId, "kafka.topic": settings.inputTopic,
                                              "http.port": String(server.port), "bc.journal": settings.journalCode])
        startPollThread()
        let tokenTask = startTokenChecks()
        let probeTask = startCircuitProbes()
        let recycleTask = startMemoryRecycle()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyStopped = shutdownRequested.withLock { slot -> Bool in
                if stopFlag.isStopped { return true }
                slot = continuation
                return false
            }
            if alreadyStopped { continuation.resume() }
        }
        tokenTask.cancel()
        probeTask.cancel()
        recycleTask.cancel()
        await shutdown()
        if let failure = failure.withLock({ $0 }) {
            throw RelayFailure(message: failure)
        }
    }

    // MARK: Start-up

    /// The ledger must have as many partitions as the input topic (ledger partition = input partition).
    private func checkTopics() throws {
        let topics = [settings.inputTopic, settings.ledgerTopic, settings.outcomeTopic, settings.deadLetterTopic]
        let counts = try publisher.current.partitionCounts(topics: topics, timeout: .seconds(15))
        for (setting, topic) in [("RELAY_INPUT_TOPIC", settings.inputTopic), ("RELAY_LEDGER_TOPIC", settings.ledgerTopic),
                                 ("RELAY_OUTCOME_TOPIC", settings.outcomeTopic), ("RELAY_DLQ_TOPIC", settings.deadLetterTopic)] {
            guard counts[topic] != nil else { throw ConfigurationError(setting: setting, message: "topic '\(topic)' does not exist") }
        }
        let input = counts[settings.inputTopic]!, ledger = counts[settings.ledgerTopic]!
        guard ledger >= input else {
            throw ConfigurationError(setting: "RELAY_LEDGER_TOPIC",
                                     message: "topic '\(settings.ledgerTopic)' has \(ledger) partitions; it needs at least as many as '\(settings.inputTopic)' (\(input))")
        }
    }

    /// A short reason for `/readyz`, without BC's message (it can carry the Entra error text and the client id).
    static func readinessReason(_ error: any Error) -> String {
        guard let bc = error as? BusinessCentralError else { return "check failed (see the logs)" }
        switch bc.kind {
        case .authentication: return "refused (see the logs)"
        case .throttled: return "throttled (see the logs)"
        default: return "unavailable (see the logs)"
        }
    }

    /// Checks resident memory every 10 s against `RELAY_RECYCLE_RSS_MIB` and stops gracefully once it is passed.
    private func startMemoryRecycle() -> Task<Void, Never> {
        guard let recycle = MemoryRecycle(mebibytes: settings.recycleResidentMebibytes) else { return Task {} }
        let logger = self.logger, clock = self.clock
        return Task { [weak self] in
            while !Task.isCancelled {
                let resident = ProcessMemory.resident()
                if recycle.isDue(residentBytes: resident) {
                    logger.notice("memory.recycle: resident memory above RELAY_RECYCLE_RSS_MIB; restarting gracefully",
                                  ["process.resident_mib": String(resident / 1_048_576),
                                   "relay.recycle_rss_mib": String(recycle.limitBytes / 1_048_576)])
                    self?.stop()
                    return
                }
                try? await clock.sleep(for: .seconds(10))
            }
        }
    }

    private func startTokenChecks() -> Task<Void, Never> {
        guard let tokenCheck else { return Task {} }
        let health = self.health
        let logger = self.logger
        return Task {
            while !Task.isCancelled {
                do {
                    try await tokenCheck()
                    health.setToken(ok: true, error: nil)
                } catch {
                    // /readyz is unauthenticated: it says what kind of failure, the log has the details.
                    health.setToken(ok: false, error: Self.readinessReason(error))
                    logger.warning("Business Central token check failed", ["bc.error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(30))
            }
        }
    }

}

/// The worker stopped because of an unrecoverable error.
public struct RelayFailure: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
