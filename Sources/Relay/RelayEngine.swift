import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry
import Clocks

/// A booking as the engine hands it to a task: the record and its assignment generation.
typealias RelayBooking = RelayEngineState<RecordContext>.Booking

/// The imperative shell around ``RelayEngineState``: it keeps the pure state, the booking tasks and stop flags, and
/// the pause/resume requests the poll thread executes behind one mutex, and runs the state's actions — the
/// bookkeeping ones under the lock, the ones that block or call out (offset store, ledger loads, waits) outside it.
///
/// Threading: `accept`, `assigned`, `revoked` and `drainFlowRequests` run on the poll thread; completions run on
/// booking tasks; ledger loads on their own threads.
final class RelayEngine: BookingHost {
    typealias Action = RelayEngineState<RecordContext>.Action

    struct State {
        var core: RelayEngineState<RecordContext>
        /// Booking tasks per partition and offset.
        var tasks: [TopicPartition: [Int64: Task<Void, Never>]] = [:]
        /// The stop flag of each partition's current assignment (captured by its bookings).
        var stops: [TopicPartition: StopFlag] = [:]
        /// Pause (true) / resume (false) requests for the poll thread.
        var flowRequests: [TopicPartition: Bool] = [:]
        /// Partitions whose records were seen with a Kafka key other than their idempotency key (logged once each).
        var keyMismatchLogged: Set<TopicPartition> = []
        /// Completed records waiting for the done mark, per partition (stage times only).
        var commitWaits: [TopicPartition: CommitWaitList] = [:]
    }

    /// What the actions left to do outside the lock.
    private struct Effects {
        var store: [TopicPartition: Int64] = [:]
        var loads: [(TopicPartition, Int, PartitionLedger?)] = []
        var stopped: [Task<Void, Never>] = []
        /// Records whose offset was just stored: when they completed and were polled.
        var committed: [CommitWaitList.Entry] = []
        /// A resume was requested: the poll thread may be waiting for records and must look at once.
        var resumed = false
    }

    let state: Mutex<State>
    /// The group membership lease (``MembershipLease``): its own lock, read by every create and renewed by every poll.
    private let lease: Mutex<MembershipLease>
    let settings: RelaySettings
    let decoder: PaymentEventDecoder
    let metrics: RelayMetrics
    let logger: Logger
    let ledgerLoader: LedgerLoader
    /// Ledger loads reading at once: each holds a consumer, and 16 partitions assigned together would otherwise open
    /// 16 (see ``RelayEngine/maxConcurrentLedgerLoads``).
    let ledgerLoadSlots = DispatchSemaphore(value: RelayEngine.maxConcurrentLedgerLoads)
    let clock: any ServiceClock
    /// Books the records this engine launches.
    private let processor: RecordProcessor
    /// Bookings running at once, all partitions together (`RELAY_MAX_ACTIVE_BOOKINGS`).
    let bookingSlots: BookingSlots
    /// The consumer's offset store (thread-safe per the Kafka module).
    private let offsetStore: any OffsetStore
    /// Ends the poll thread's wait for records (a partition was resumed).
    private let wakePollThread: @Sendable () -> Void

    init(settings: RelaySettings, metrics: RelayMetrics, clock: any ServiceClock, logger: Logger, offsetStore: any OffsetStore,
         processor: RecordProcessor, wakePollThread: @escaping @Sendable () -> Void = {}) {
        self.settings = settings
        // The currency is checked against the customer's card when booking (see `CurrencyBook`), not here.
        self.decoder = PaymentEventDecoder()
        self.metrics = metrics
        self.clock = clock
        self.logger = logger
        self.offsetStore = offsetStore
        self.processor = processor
        self.wakePollThread = wakePollThread
        bookingSlots = BookingSlots(limit: settings.maxActiveBookings)
        state = Mutex(State(core: RelayEngineState(maxInFlight: settings.maxInFlightPerPartition,
                                                   maxInFlightBytes: settings.maxInFlightBytesPerPartition)))
        lease = Mutex(MembershipLease(sessionTimeout: settings.kafka.sessionTimeout ?? .seconds(45),
                                      heartbeatInterval: settings.kafka.heartbeatInterval ?? .seconds(3)))
        var loaderKafka = settings.kafka
        loaderKafka.groupId = nil
        ledgerLoader = LedgerLoader(kafka: loaderKafka, topic: settings.ledgerTopic, retention: settings.ledgerRetention,
                                    timeout: settings.ledgerLoadTimeout, clock: clock, logger: logger, recordsRead: metrics.ledgerRecordsRead)
        processor.gate.onHoldsChanged { [weak self] in self?.applyHolds() }
    }

    /// The gate every Business Central call of a booking passes (circuit breaker, operator pause); the processor's.
    var gate: BusinessCentralGate { processor.gate }

    // MARK: Running actions

    /// Runs `change` on the state under the lock, applies its actions' bookkeeping there, and the rest after.
    ///
    /// - Parameters:
    ///   - ended: a booking whose task ended: its task is forgotten in the same lock (one acquisition less per booking).
    ///   - completedAt: when `ended` completed, if it did: it waits for the done mark (stage times).
    func run(ended: RelayBooking? = nil, completedAt: Duration? = nil, _ change: (inout RelayEngineState<RecordContext>) -> [Action]) {
        let effects: Effects = state.withLock { state in
            if let booking = ended, state.core.isCurrent(booking.record.topicPartition, generation: booking.generation) {
                state.tasks[booking.record.topicPartition]?[booking.record.offset] = nil
                if let completedAt {
                    state.commitWaits[booking.record.topicPartition, default: CommitWaitList()]
                        .add(.init(offset: booking.record.offset, completedAt: completedAt, polledAt: booking.record.polledAt))
                }
            }
            let actions = change(&state.core)
            return apply(actions, to: &state)
        }
        finish(effects)
    }

    private func apply(_ actions: [Action], to state: inout State) -> Effects {
        var effects = Effects()
        var nowMillis: Int64?
        let clock = self.clock
        func now() -> Int64 {
            if let nowMillis { return nowMillis }
            let millis = clock.now().millisecondsSince1970
            nowMillis = millis
            return millis
        }
        for action in actions {
            switch action {
            case let .launch(booking):
                let key = booking.record.topicPartition
                guard let stop = state.stops[key] else { continue }
                let processor = self.processor, slots = bookingSlots
                // The token is the booking's from now to its end (see `BookingHost`): its status cannot change before
                // the booking's own writes.
                let ledger = booking.record.token.flatMap { state.core.ledgerState($0, in: key, nowMillis: now()) }
                state.tasks[key, default: [:]][booking.record.offset] = Task {
                    // Waits for a slot before the booking's frames exist; a revoke or shutdown cancels the wait.
                    guard await slots.acquire() else { return self.abandoned(booking, ledger: nil) }
                    defer { slots.release() }
                    await processor.process(booking, ledger: ledger, stop: stop, host: self)
                }
            case let .storeOffset(key, offset):
                effects.store[key] = offset
                if let committed = state.commitWaits[key]?.removeStored(below: offset) { effects.committed += committed }
            // The engine alternates pause and resume per partition, so a request opposite to one still pending
            // cancels it: keeping only the later one would resume a partition librdkafka never paused (2.0.2 then
            // fetches from a stale position), or pause one it never resumed.
            case let .pause(key):
                state.flowRequests[key] = state.flowRequests[key] == false ? nil : true
            case let .resume(key):
                state.flowRequests[key] = state.flowRequests[key] == true ? nil : false
                effects.resumed = true
            case let .loadLedger(key, generation, start):
                effects.loads.append((key, generation, start))
            case let .stopBookings(key, _):
                state.stops[key]?.stop()
                state.flowRequests[key] = nil
                state.commitWaits[key] = nil
                effects.stopped += state.tasks[key]?.values.map { $0 } ?? []
            }
        }
        return effects
    }

    private func finish(_ effects: Effects) {
        if !effects.store.isEmpty {
            do { try offsetStore.storeOffsets(effects.store) } catch {
                logger.debug("offset store refused (partition no longer assigned)", ["kafka.error": "\(error)"])
            }
        }
        if effects.resumed { wakePollThread() }
        if !effects.committed.isEmpty {
            let now = clock.uptime()
            for entry in effects.committed {
                metrics.stages.observe(.commit, now - entry.completedAt)
                metrics.stages.record.observe(now - entry.polledAt)
            }
        }
        for (key, generation, start) in effects.loads { loadLedger(key, generation: generation, from: start) }
        // Cancelling drops what waits for a token or the limiter; a create on the wire runs to its answer.
        effects.stopped.forEach { $0.cancel() }
    }

    private func setGauges(_ core: RelayEngineState<RecordContext>) {
        metrics.inFlight.set(Double(core.inFlightCount))
        metrics.pausedPartitions.set(Double(core.pausedCount))
    }

    // MARK: Poll thread

    /// Takes a consumed record: tracks it, gates it by token and starts (or queues) its booking.
    func accept(_ record: KafkaRecord) {
        let polledAt = clock.uptime()
        metrics.recordsConsumed.increment()
        let decoded = decoder.decode(record.value ?? [])
        checkKey(record, decoded)
        let context = RecordContext(record: record, decoded: decoded, polledAt: polledAt)
        run { $0.accept(context) }
    }

    /// The ledger is per partition: a key on two partitions is protected by Business Central's line slots alone (and
    /// only while the line is unposted). Counted, and logged once per partition.
    private func checkKey(_ record: KafkaRecord, _ decoded: Result<PaymentEvent, EventRejection>) {
        guard case let .success(event) = decoded, record.key.map({ String(decoding: $0, as: UTF8.self) }) != event.idempotencyKey else { return }
        metrics.keyMismatches.increment()
        let topicPartition = TopicPartition(topic: record.topic, partition: record.partition)
        let first = state.withLock { $0.keyMismatchLogged.insert(topicPartition).inserted }
        if first {
            logger.warning("record key is not the idempotency key: the same key may reach two partitions",
                           ["kafka.partition": String(record.partition), "kafka.offset": String(record.offset), "payment.event_id": event.eventId])
        }
    }

    /// Pause (true) / resume (false) requests for the poll thread to apply.
    func drainFlowRequests() -> [TopicPartition: Bool] {
        state.withLock { state in
            let requests = state.flowRequests
            state.flowRequests = [:]
            return requests
        }
    }

    /// The poll loop completed an iteration: renews the membership lease (see ``MembershipLease``).
    func pollTicked() {
        let now = clock.uptime()
        lease.withLock { $0.tick(at: now) }
    }

    // MARK: Booking tasks

    /// `nil` while creates may be sent; otherwise why not (the membership lease is not confirmed).
    func leaseRefusal() -> String? {
        let now = clock.uptime()
        return lease.withLock { $0.refusal(at: now) }
    }

    /// The ledger state of `token` in `topicPartition`.
    func ledgerState(_ token: IdempotencyToken, in topicPartition: TopicPartition) -> LedgerStatus? {
        let now = clock.now().millisecondsSince1970
        return state.withLock { $0.core.ledgerState(token, in: topicPartition, nowMillis: now) }
    }

    /// A booking's outcome is durable: apply the ledger entry it wrote last (expired entries are dropped now and then,
    /// so memory stays bounded by the retention window while the worker runs for weeks), advance the commit mark, hand
    /// the token to its next waiter — in one step, so the waiter is launched with the entry applied.
    func completed(_ booking: RelayBooking, ledger: LedgerEntry?) {
        let now = ledger == nil ? 0 : clock.now().millisecondsSince1970
        run(ended: booking, completedAt: clock.uptime()) { core in
            if let ledger { core.applyLedger(ledger, in: booking.record.topicPartition, nowMillis: now) }
            return core.completed(booking)
        }
    }

    /// A booking stopped without an outcome (revoke or shutdown): its offset stays uncommitted; what it wrote to the
    /// ledger is applied as in ``completed(_:ledger:)``.
    func abandoned(_ booking: RelayBooking, ledger: LedgerEntry?) {
        let now = ledger == nil ? 0 : clock.now().millisecondsSince1970
        run(ended: booking) { core in
            if let ledger { core.applyLedger(ledger, in: booking.record.topicPartition, nowMillis: now) }
            return core.abandoned(booking)
        }
    }

    // MARK: Queries

    var inFlightCount: Int { state.withLock { $0.core.inFlightCount } }
    var hasJoinedGroup: Bool { state.withLock { $0.core.hasJoinedGroup } }
    /// Ledger entries held per loaded partition.
    func ledgerCounts() -> [(TopicPartition, Int)] { state.withLock { $0.core.ledgerCounts } }
    /// Bytes of ledger table held per loaded partition.
    func ledgerBytes() -> [(TopicPartition, Int)] { state.withLock { $0.core.ledgerBytes } }
    /// Per loaded partition, the offset a restart would resume from.
    func resumeOffsets() -> [TopicPartition: Int64] { state.withLock { $0.core.resumeOffsets } }
    /// Ledger entries still `attempting`, summed over the loaded partitions.
    var unresolvedAttempts: Int { state.withLock { $0.core.unresolvedAttempts } }
    var assignedPartitions: [TopicPartition] { state.withLock { $0.core.assignedKeys } }
    /// Partitions paused for any reason.
    var pausedCount: Int { state.withLock { $0.core.pausedCount } }

    /// Sets the in-flight and paused gauges from the current state; called at scrape time (and after a rebalance),
    /// not on every change: summing the partitions on each accept and completion was ~2% of the Kafka path's CPU.
    func updateGauges() {
        state.withLock { setGauges($0.core) }
    }
}

extension RecordContext: EngineRecord {
    var partitionKey: TopicPartition { topicPartition }
    var offset: Int64 { record.offset }
    var bytes: Int { (record.value?.count ?? 0) + (record.key?.count ?? 0) }
}
