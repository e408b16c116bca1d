/// A record as the engine sees it: where it came from and which token it books.
public protocol EngineRecord: Sendable {
    associatedtype PartitionKey: Hashable & Sendable
    /// The input partition.
    var partitionKey: PartitionKey { get }
    /// The record's offset in its partition.
    var offset: Int64 { get }
    /// The idempotency token, or `nil` for a record that does not decode (it still gets an outcome).
    var token: IdempotencyToken? { get }
    /// The bytes the record holds while it is booked (its value), for the window's byte bound.
    var bytes: Int { get }
}

/// The relay's heart as a pure state machine: which partitions this process owns (each loading its ledger or
/// flowing), the in-flight window of each, the same-token gate, and the decisions that follow from consumption,
/// completion, assignment, revocation and shutdown. Every method returns the ``Action``s the shell must run, outside
/// its lock; nothing here does I/O, reads a clock or touches Kafka.
///
/// Invariants: a record is launched at most once per assignment generation; records of one token never run at once
/// in the process; a partition's records are tracked in offset order (records polled while its ledger loads are
/// buffered and taken, in order, when it has loaded — before the partition can resume); an offset is stored only at
/// the contiguous done mark; completions from an older generation change nothing but the gate; a partition resumes
/// only when nothing holds it (its ledger, its window, or a ``Hold`` on every partition).
///
/// Ledgers outlive a rebalance: a revoked partition's ledger, with the ledger offset it has read, is kept until the
/// next assignment, which reuses it (its load reads only the entries written since) or drops it. A load still running
/// for a partition (revoked while loading) reports what it read, and that is where the next load of the partition
/// starts; at most one load per partition runs at a time.
public struct RelayEngineState<Record: EngineRecord>: Sendable {
    public typealias Key = Record.PartitionKey

    /// A record handed to a booking task, with the assignment generation it belongs to.
    public struct Booking: Sendable {
        public let record: Record
        public let generation: Int
    }

    /// Why every partition is held paused, whatever its own flow says.
    public enum Hold: Sendable, Hashable {
        /// Business Central is unavailable (the circuit breaker is open).
        case circuitOpen
        /// An operator paused booking.
        case operatorPause
    }

    /// What the shell must do.
    public enum Action: Sendable {
        /// Start the booking (the token's gate is held for it).
        case launch(Booking)
        /// Store this next-offset for commit.
        case storeOffset(Key, Int64)
        /// Pause / resume fetching the partition (on the poll thread).
        case pause(Key)
        case resume(Key)
        /// Load the partition's ledger — from `start` (a ledger kept or partly read before: read on from its
        /// offset), else from the beginning — then call ``ledgerLoaded(_:for:generation:)``, or
        /// ``ledgerLoadStopped(_:for:generation:)`` if the generation is no longer current.
        case loadLedger(Key, generation: Int, from: PartitionLedger?)
        /// Stop this generation's bookings of the partition at their next step and drop their unsent requests.
        case stopBookings(Key, generation: Int)
    }

    /// One owned partition; each state carries its own data.
    enum PartitionState: Sendable {
        /// The ledger is loading; polled records wait in offset order.
        case loading(generation: Int, buffered: [Record])
        /// The ledger is loaded; records are tracked in the window.
        case flowing(generation: Int, ledger: PartitionLedger, flow: PartitionFlow)

        var generation: Int {
            switch self {
            case let .loading(generation, _), let .flowing(generation, _, _): generation
            }
        }

        /// Runs `body` on a flowing partition's ledger and window in place; `nil` while loading.
        ///
        /// The payload is moved out and the case emptied before `body` runs, so the ledger's and the window's storage
        /// stay uniquely referenced: a pattern binding alone (even of a consumed value) leaves the enum holding a
        /// second reference, and every write then copied the partition's whole ledger (O(entries) per record).
        mutating func updateFlowing<R>(_ body: (_ generation: Int, inout PartitionLedger, inout PartitionFlow) -> R) -> R? {
            guard case .flowing(let generation, var ledger, var flow) = self else { return nil }
            self = .loading(generation: generation, buffered: [])
            defer { self = .flowing(generation: generation, ledger: ledger, flow: flow) }
            return body(generation, &ledger, &flow)
        }

        /// Appends `record` to a loading partition's buffer in place; `false` when flowing.
        mutating func buffer(_ record: Record) -> Bool {
            guard case .loading(let generation, var buffered) = self else { return false }
            self = .loading(generation: generation, buffered: [])
            buffered.append(record)
            self = .loading(generation: generation, buffered: buffered)
            return true
        }
    }

    private(set) var partitions: [Key: PartitionState] = [:]
    /// Partitions this machine has asked the shell to pause (and not yet to resume), in the current assignment.
    private(set) var paused: Set<Key> = []
    /// Revoked partitions whose bookings are still being waited for: they get no pause or resume any more (a resume
    /// of a partition not paused in its next assignment would make librdkafka 2.0.2 fetch from a stale position).
    private var revoking: Set<Key> = []
    private var gate = KeyGate<Booking>()
    /// The holds on every partition; new assignments stay paused while any is set.
    public private(set) var holds: Set<Hold> = []
    /// Ledgers of partitions revoked since the last assignment (flowing ones, or what a stopped load had read).
    private(set) var keptLedgers: [Key: PartitionLedger] = [:]
    /// Partitions revoked since the last assignment: the only ones whose ledger may be kept.
    private var revokedSinceAssignment: Set<Key> = []
    /// The generation each running ledger load was started for.
    private(set) var loadsRunning: [Key: Int] = [:]
    private var generation = 0
    private let maxInFlight: Int
    private let maxInFlightBytes: Int
    /// Set by ``beginShutdown()``: nothing new is taken.
    public private(set) var isShuttingDown = false
    /// Whether an assignment was ever received (readiness).
    public private(set) var hasJoinedGroup = false

    /// - Parameters:
    ///   - maxInFlight: the in-flight window per partition, in records.
    ///   - maxInFlightBytes: the same window's bound in bytes.
    public init(maxInFlight: Int, maxInFlightBytes: Int = .max) {
        self.maxInFlight = maxInFlight
        self.maxInFlightBytes = maxInFlightBytes
    }

    // MARK: Assignment

    /// New partitions: pause them while their ledger loads (no load while shutting down: another member takes them).
    /// A kept ledger is the start of its partition's load; kept ledgers of partitions not assigned are dropped. A
    /// partition whose earlier load still runs starts loading when that one reports back.
    public mutating func assigned(_ keys: [Key]) -> [Action] {
        hasJoinedGroup = true
        let assigned = Set(keys)
        keptLedgers = keptLedgers.filter { assigned.contains($0.key) }
        revokedSinceAssignment = []
        var actions: [Action] = []
        for key in keys {
            generation += 1
            partitions[key] = .loading(generation: generation, buffered: [])
            revoking.remove(key)
            paused.insert(key)
            actions.append(.pause(key))
            let kept = keptLedgers.removeValue(forKey: key)
            if !isShuttingDown, loadsRunning[key] == nil {
                loadsRunning[key] = generation
                actions.append(.loadLedger(key, generation: generation, from: kept))
            }
        }
        return actions
    }

    /// The ledger of `key` has loaded: the buffered records are taken in offset order, then the partition resumes
    /// unless its window is full. When the partition was revoked (or reassigned) meanwhile, it counts as a stopped
    /// load (``ledgerLoadStopped(_:for:generation:)``).
    public mutating func ledgerLoaded(_ ledger: PartitionLedger, for key: Key, generation: Int) -> [Action] {
        guard case let .loading(current, buffered)? = partitions[key], current == generation else {
            return ledgerLoadStopped(ledger, for: key, generation: generation)
        }
        if loadsRunning[key] == generation { loadsRunning[key] = nil }
        partitions[key] = .flowing(generation: generation, ledger: ledger, flow: PartitionFlow(maxInFlight: maxInFlight, maxInFlightBytes: maxInFlightBytes))
        var actions: [Action] = []
        if !isShuttingDown {
            for record in buffered { actions += accept(record) }
        }
        actions += updatePause(key)
        return actions
    }

    /// The load of `key` for `generation` stopped before the end (its generation is no longer current) with what it
    /// had read: the next load of the partition starts there — now, if the partition is loading again, else when it
    /// is next assigned (kept while no assignment came since its revoke).
    public mutating func ledgerLoadStopped(_ ledger: PartitionLedger, for key: Key, generation: Int) -> [Action] {
        if loadsRunning[key] == generation { loadsRunning[key] = nil }
        guard loadsRunning[key] == nil else { return [] }
        switch partitions[key] {
        case let .loading(current, _)? where !isShuttingDown:
            loadsRunning[key] = current
            return [.loadLedger(key, generation: current, from: ledger)]
        case nil where revokedSinceAssignment.contains(key):
            keptLedgers[key] = ledger
            return []
        default:
            return []
        }
    }

    /// Revoked or lost partitions: their bookings stop; waiters of theirs leave the gate; they count as not paused. Call ``forget(_:)`` once
    /// the shell has waited for the bookings on the wire.
    public mutating func revoked(_ keys: [Key]) -> [Action] {
        var actions: [Action] = []
        for key in keys {
            guard let partition = partitions[key] else { continue }
            revokedSinceAssignment.insert(key)
            actions.append(.stopBookings(key, generation: partition.generation))
            // The Kafka wrapper resumes its own paused partitions on revoke; pending pause/resume requests are void,
            // and completions during the wait must not make new ones.
            paused.remove(key)
            revoking.insert(key)
        }
        let revoked = Set(keys)
        gate.removeWaiters { revoked.contains($0.record.partitionKey) }
        return actions
    }

    /// Drops the revoked partitions' state, keeping the ledgers of those that were flowing until the next assignment.
    public mutating func forget(_ keys: [Key]) {
        for key in keys {
            if case let .flowing(_, ledger, _)? = partitions[key], revokedSinceAssignment.contains(key) { keptLedgers[key] = ledger }
            partitions[key] = nil
            paused.remove(key)
            revoking.remove(key)
        }
    }

    // MARK: Holds

    /// Sets the holds on every partition: pauses what is not paused yet when the first is set, resumes what nothing
    /// else holds when the last is lifted. Partitions whose revoke is waited for get neither.
    public mutating func setHolds(_ holds: Set<Hold>) -> [Action] {
        guard holds != self.holds else { return [] }
        self.holds = holds
        return partitions.keys.flatMap { updatePause($0) }
    }

    // MARK: Records

    /// A polled record: buffered while its ledger loads, else tracked (a redelivery of a tracked record is ignored),
    /// pausing the partition when its window fills, and launched when its token is free.
    public mutating func accept(_ record: Record) -> [Action] {
        let key = record.partitionKey
        guard !isShuttingDown, partitions[key] != nil else { return [] }
        if partitions[key]?.buffer(record) == true { return [] }
        // The buffer, the window and the ledger are mutated in place (see `PartitionState.updateFlowing`).
        let accepted = partitions[key]?.updateFlowing { generation, _, flow -> (Booking, Bool)? in
            guard flow.accept(offset: record.offset, bytes: record.bytes) != nil else { return nil }
            return (Booking(record: record, generation: generation), flow.isPaused)
        }
        guard let (booking, isPaused) = accepted ?? nil else { return [] }
        var actions: [Action] = []
        if isPaused, !revoking.contains(key), paused.insert(key).inserted { actions.append(.pause(key)) }
        if let token = record.token, !gate.enter(token, waiter: booking) { return actions }
        actions.append(.launch(booking))
        return actions
    }

    /// A booking's outcome is durable: advance the commit mark, resume a drained window, hand the token to its next
    /// waiter.
    public mutating func completed(_ booking: Booking) -> [Action] {
        let key = booking.record.partitionKey
        var actions: [Action] = []
        // A completion from an older assignment changes nothing but the gate.
        partitions[key]?.updateFlowing { generation, _, flow in
            guard generation == booking.generation else { return }
            for action in flow.complete(offset: booking.record.offset) {
                if case let .storeOffset(offset) = action { actions.append(.storeOffset(key, offset)) }
            }
        }
        actions += updatePause(key)
        return actions + leaveGate(booking)
    }

    /// A booking stopped without an outcome (revoke, shutdown): its offset stays uncommitted; its token passes on.
    public mutating func abandoned(_ booking: Booking) -> [Action] {
        leaveGate(booking)
    }

    // MARK: Ledger

    /// The ledger's state of `token` in `key` at `nowMillis` (`nil` when unknown or the ledger is not loaded).
    public func ledgerState(_ token: IdempotencyToken, in key: Key, nowMillis: Int64) -> LedgerStatus? {
        guard case let .flowing(_, partitionLedger, _)? = partitions[key] else { return nil }
        return partitionLedger.ledger.state(of: token, nowMillis: nowMillis)
    }

    /// Applies an entry the relay wrote durably; every 4096 writes to a partition, expired entries are dropped.
    public mutating func applyLedger(_ entry: LedgerEntry, in key: Key, nowMillis: Int64) {
        partitions[key]?.updateFlowing { _, partitionLedger, _ in
            partitionLedger.ledger.apply(entry)
            if partitionLedger.ledger.appliedCount % 4096 == 0 { partitionLedger.ledger.expire(nowMillis: nowMillis) }
        }
    }

    // MARK: Shutdown

    /// Stops taking records.
    public mutating func beginShutdown() {
        isShuttingDown = true
    }

    /// Stops every booking (after the graceful part of a shutdown).
    public func stopAll() -> [Action] {
        partitions.map { .stopBookings($0.key, generation: $0.value.generation) }
    }

    // MARK: Queries

    /// Whether `generation` is the current assignment of `key`.
    public func isCurrent(_ key: Key, generation: Int) -> Bool { partitions[key]?.generation == generation }

    /// Records between consumption and durable outcome, over all partitions.
    public var inFlightCount: Int {
        partitions.values.reduce(0) { total, partition in
            if case let .flowing(_, _, flow) = partition { return total + flow.pendingCount }
            return total
        }
    }

    /// Partitions paused by the relay (for any reason).
    public var pausedCount: Int { paused.count }

    /// The assigned partitions.
    public var assignedKeys: [Key] { Array(partitions.keys) }

    /// Ledger entries per loaded partition.
    public var ledgerCounts: [(Key, Int)] {
        partitions.compactMap { key, partition in
            if case let .flowing(_, partitionLedger, _) = partition { return (key, partitionLedger.ledger.count) }
            return nil
        }
    }

    /// Bytes of ledger table per loaded partition.
    public var ledgerBytes: [(Key, Int)] {
        partitions.compactMap { key, partition in
            if case let .flowing(_, partitionLedger, _) = partition { return (key, partitionLedger.ledger.bytesUsed) }
            return nil
        }
    }

    /// Partitions whose ledger is kept for the next assignment.
    public var keptLedgerKeys: Set<Key> { Set(keptLedgers.keys) }

    /// Ledger entries still `attempting`, over the loaded partitions.
    public var unresolvedAttempts: Int {
        partitions.values.reduce(0) { total, partition in
            if case let .flowing(_, partitionLedger, _) = partition { return total + partitionLedger.ledger.attemptingCount }
            return total
        }
    }

    /// Per loaded partition, the offset a restart would resume from.
    public var resumeOffsets: [Key: Int64] {
        partitions.compactMapValues { partition in
            if case let .flowing(_, _, flow) = partition { return flow.resumeOffset }
            return nil
        }
    }

    // MARK: Private

    /// A pause or resume when the partition's wish changed (ledger loading, window full / drained, a hold).
    private mutating func updatePause(_ key: Key) -> [Action] {
        guard !revoking.contains(key), let partition = partitions[key] else { return [] }
        let wants: Bool
        switch partition {
        case .loading: wants = true
        case let .flowing(_, _, flow): wants = flow.isPaused || !holds.isEmpty
        }
        if wants, paused.insert(key).inserted { return [.pause(key)] }
        if !wants, paused.remove(key) != nil { return [.resume(key)] }
        return []
    }

    /// Releases the booking's token; the next waiter whose partition is still current (and not shutting down) gets it.
    private mutating func leaveGate(_ booking: Booking) -> [Action] {
        guard let token = booking.record.token else { return [] }
        while let next = gate.leave(token) {
            if isCurrent(next.record.partitionKey, generation: next.generation), !isShuttingDown { return [.launch(next)] }
        }
        return []
    }
}
