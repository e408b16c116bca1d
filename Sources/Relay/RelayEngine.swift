import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// The relay's shared state: assigned partitions (flow control, ledger, in-flight tasks), the same-key gate, and the
/// pause/resume requests the poll thread executes.
///
/// Threading: `accept`, `assigned`, `revoked` and `drainFlowRequests` run on the poll thread; completions run on
/// processing tasks. Everything mutable sits behind one mutex, never held across I/O.
final class RelayEngine: Sendable {
    struct PartitionState {
        var flow: PartitionFlow
        var ledger: IdempotencyLedger?
        var buffered: [KafkaRecord] = []
        var tasks: [Int64: Task<Void, Never>] = [:]
        var isPausedByRelay = false
        var ledgerWrites = 0
        let generation: Int
        let stop = StopFlag()

        var wantsPause: Bool { ledger == nil || flow.isPaused }
    }

    struct State {
        var partitions: [TopicPartition: PartitionState] = [:]
        var gate = KeyGate<RecordContext>()
        var flowRequests: [TopicPartition: Bool] = [:]   // true = pause, false = resume
        var generation = 0
        var isShuttingDown = false
        var hasJoinedGroup = false
    }

    let state = Mutex(State())
    let settings: RelaySettings
    private let decoder: PaymentEventDecoder
    let metrics: RelayMetrics
    let logger: Logger
    let ledgerLoader: LedgerLoader
    let clock: any RelayClock
    /// Set once the processor exists (the processor needs the engine and vice versa).
    private let processorBox = Mutex<RecordProcessor?>(nil)
    /// Stores offsets; set by the service (the consumer) — thread-safe per the Kafka module.
    private let offsetStore: @Sendable ([TopicPartition: Int64]) -> Void
    let health: HealthState

    init(settings: RelaySettings, metrics: RelayMetrics, health: HealthState, clock: any RelayClock, logger: Logger,
         offsetStore: @escaping @Sendable ([TopicPartition: Int64]) -> Void) {
        self.settings = settings
        self.decoder = PaymentEventDecoder(companyCurrency: settings.companyCurrency)
        self.metrics = metrics
        self.health = health
        self.clock = clock
        self.logger = logger
        self.offsetStore = offsetStore
        var loaderKafka = settings.kafka
        loaderKafka.groupId = nil
        ledgerLoader = LedgerLoader(kafka: loaderKafka, topic: settings.ledgerTopic, retention: settings.ledgerRetention, logger: logger)
    }

    /// A booking made progress: feeds `/healthz` and `relay_processing_last_progress_timestamp_seconds`.
    func processingTicked() {
        health.processingTicked()
        metrics.processingProgress.set(Date().timeIntervalSince1970)
    }

    func attach(_ processor: RecordProcessor) { processorBox.withLock { $0 = processor } }
    private var processor: RecordProcessor { processorBox.withLock { $0! } }

    // MARK: Poll thread

    /// Takes a consumed record: tracks it, gates it by token and starts (or queues) its booking.
    func accept(_ record: KafkaRecord) {
        metrics.recordsConsumed.increment()
        let decoded = decoder.decode(record.value ?? [])
        let topicPartition = TopicPartition(topic: record.topic, partition: record.partition)
        let start: RecordContext? = state.withLock { state in
            // Mutate in place through the dictionary subscript: copying PartitionState out would copy its arrays.
            guard !state.isShuttingDown, state.partitions[topicPartition] != nil else { return nil }
            if state.partitions[topicPartition]!.ledger == nil {
                state.partitions[topicPartition]!.buffered.append(record)
                return nil
            }
            guard state.partitions[topicPartition]!.flow.accept(offset: record.offset) != nil else { return nil }
            let context = RecordContext(record: record, decoded: decoded, generation: state.partitions[topicPartition]!.generation, acceptedAt: .now)
            Self.updatePause(&state.partitions[topicPartition]!, topicPartition, &state.flowRequests)
            if let token = context.token, !state.gate.enter(token, waiter: context) { return nil }
            return context
        }
        if let start { launch(start) }
        updateGauges()
    }

    /// Pause (true) / resume (false) requests for the poll thread to apply.
    func drainFlowRequests() -> [TopicPartition: Bool] {
        state.withLock { state in
            let requests = state.flowRequests
            state.flowRequests = [:]
            return requests
        }
    }

    /// Records in flight across all partitions.
    var inFlightCount: Int { state.withLock { $0.partitions.values.reduce(0) { $0 + $1.flow.pendingCount } } }
    var hasJoinedGroup: Bool { state.withLock { $0.hasJoinedGroup } }
    /// Ledger entries held per loaded partition.
    func ledgerCounts() -> [(TopicPartition, Int)] {
        state.withLock { state in state.partitions.compactMap { key, value in value.ledger.map { (key, $0.count) } } }
    }
    var assignedPartitions: [TopicPartition] { state.withLock { Array($0.partitions.keys) } }

    // MARK: Processing tasks

    /// The ledger state of `token` in `topicPartition`.
    func ledgerState(_ token: IdempotencyToken, in topicPartition: TopicPartition) -> LedgerState? {
        let now = clock.now().millisecondsSince1970
        return state.withLock { $0.partitions[topicPartition]?.ledger?.state(of: token, nowMillis: now) }
    }

    /// Applies a ledger entry the relay has just written durably; every 4096 writes, drops expired entries so memory
    /// stays bounded by the retention window while the worker runs for weeks.
    func applyLedger(_ entry: LedgerEntry, in topicPartition: TopicPartition) {
        let now = clock.now().millisecondsSince1970
        state.withLock { state in
            guard state.partitions[topicPartition]?.ledger != nil else { return }
            state.partitions[topicPartition]!.ledger!.apply(entry)   // in place: no copy of the ledger's storage
            state.partitions[topicPartition]!.ledgerWrites += 1
            if state.partitions[topicPartition]!.ledgerWrites % 4096 == 0 { state.partitions[topicPartition]!.ledger!.expire(nowMillis: now) }
        }
    }

    /// A booking's outcome is durable: advance the commit mark, hand the token to its next waiter.
    func completed(_ context: RecordContext) {
        let topicPartition = context.topicPartition
        let (store, next): ([TopicPartition: Int64], RecordContext?) = state.withLock { state in
            var store: [TopicPartition: Int64] = [:]
            if state.partitions[topicPartition]?.generation == context.generation {
                state.partitions[topicPartition]!.tasks[context.record.offset] = nil
                for action in state.partitions[topicPartition]!.flow.complete(offset: context.record.offset) {
                    if case let .storeOffset(offset) = action { store[topicPartition] = offset }
                }
                Self.updatePause(&state.partitions[topicPartition]!, topicPartition, &state.flowRequests)
            }
            return (store, leaveGate(context, &state))
        }
        if !store.isEmpty { offsetStore(store) }
        if let next { launch(next) }
        updateGauges()
    }

    /// A booking stopped without an outcome (revoke or shutdown): its offset stays uncommitted.
    func abandoned(_ context: RecordContext) {
        let next: RecordContext? = state.withLock { state in
            state.partitions[context.topicPartition]?.tasks[context.record.offset] = nil
            return leaveGate(context, &state)
        }
        if let next { launch(next) }
    }

    func stopFlag(for context: RecordContext) -> StopFlag? {
        state.withLock { state in
            guard let partition = state.partitions[context.topicPartition], partition.generation == context.generation else { return nil }
            return partition.stop
        }
    }

    // MARK: Private

    func leaveGate(_ context: RecordContext, _ state: inout State) -> RecordContext? {
        guard let token = context.token else { return nil }
        // Skip waiters whose partition went away meanwhile.
        while let next = state.gate.leave(token) {
            if let partition = state.partitions[next.topicPartition], partition.generation == next.generation, !state.isShuttingDown {
                return next
            }
        }
        return nil
    }

    /// Starts the booking of `first`; if its partition went away meanwhile, releases its token to the next waiter.
    func launch(_ first: RecordContext) {
        let processor = self.processor
        var pending: RecordContext? = first
        while let context = pending {
            pending = state.withLock { state in
                guard let partition = state.partitions[context.topicPartition], partition.generation == context.generation,
                      !state.isShuttingDown else {
                    return leaveGate(context, &state)
                }
                let stop = partition.stop
                state.partitions[context.topicPartition]!.tasks[context.record.offset] = Task { await processor.process(context, stop: stop) }
                return nil
            }
        }
    }

    /// Requests a pause or resume when the partition's wish changed (window full or ledger loading).
    static func updatePause(_ partition: inout PartitionState, _ topicPartition: TopicPartition, _ requests: inout [TopicPartition: Bool]) {
        let wants = partition.wantsPause
        guard wants != partition.isPausedByRelay else { return }
        partition.isPausedByRelay = wants
        requests[topicPartition] = wants
    }

    func updateGauges() {
        let (inFlight, paused) = state.withLock { state in
            (state.partitions.values.reduce(0) { $0 + $1.flow.pendingCount }, state.partitions.values.filter(\.isPausedByRelay).count)
        }
        metrics.inFlight.set(Double(inFlight))
        metrics.pausedPartitions.set(Double(paused))
    }
}
