internal import CRdKafka
import Foundation
import Synchronization

/// The consumer's per-partition fetch queues, for ``KafkaConsumer/Delivery/perPartition``: each assigned
/// partition's records stay in librdkafka's own fetch queue for that partition (no longer forwarded to the consumer
/// queue) until the application reads them, so pausing a partition is a local flag that discards nothing.
///
/// Why: in librdkafka 2.0.2 a paused partition's prefetched records are purged, and neither a resume nor the
/// application draining a full fetch queue wakes the broker thread, which then idles up to 1 s
/// (`rd_kafka_max_block_ms`) before fetching again; with one shared queue, `queued.min.messages` and
/// `queued.max.messages.kbytes` also count every partition's records together. Here each partition's queue is
/// bounded on its own and the fetcher keeps it filled while the application works through it.
///
/// Wake-ups: librdkafka writes to an eventfd when a partition queue goes from empty to non-empty
/// (`rd_kafka_queue_io_event_enable`), and ``wake()`` writes to it too (a resume from another thread), so
/// ``wait(upTo:)`` sleeps until there is something to read.
///
/// Threading: ``attach(_:to:)``, ``detach(_:)``, ``next(_:)`` run on the polling thread (the rebalance callback runs
/// there too); ``close()`` after polling has stopped; ``wake()``, ``pause(_:)``, ``resume(_:)`` from any thread.
final class PartitionQueues: Sendable {
    /// An `rd_kafka_queue_t` reference (librdkafka's queues are thread-safe; the reference is released once).
    private struct Handle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private struct State {
        /// The consumer queue (rebalances, errors, logs), watched so they end a wait too.
        var consumerQueue: Handle?
        var queues: [TopicPartition: Handle] = [:]
        /// Attached partitions in a fixed order, read round-robin from `cursor`.
        var order: [TopicPartition] = []
        var cursor = 0
        var paused: Set<TopicPartition> = []
        var consumerPolledAt = ContinuousClock.now
    }

    private let state = Mutex(State())
    /// The eventfd librdkafka and ``wake()`` write to; closed in `deinit` (after every queue was detached).
    private let eventFD: Int32
    /// librdkafka's copy of this payload is written on each wake-up: eventfd takes 8 bytes, a counter increment.
    private static let payload: UInt64 = 1

    init() {
        eventFD = shim_eventfd_nonblocking()
        precondition(eventFD >= 0, "eventfd failed: errno \(errno)")
    }

    deinit {
        close()
        Glibc.close(eventFD)
    }

    /// How often the consumer queue is polled even when it looks empty: librdkafka counts only polls of the consumer
    /// (or of a partition queue) against `max.poll.interval.ms`, and with every partition paused nothing else is read.
    static let consumerPollInterval: Duration = .milliseconds(100)

    /// Whether `rd_kafka_consumer_poll` is due: the consumer queue holds something (a rebalance, an error, a log), or
    /// ``consumerPollInterval`` passed since the last one. Checking is cheaper than a poll that finds nothing, which
    /// the per-record loop would otherwise make for every record. Marks the poll as made when it returns `true`.
    func consumerPollDue(at now: ContinuousClock.Instant) -> Bool {
        state.withLock { state in
            let hasEvents = state.consumerQueue.map { rd_kafka_queue_length($0.pointer) > 0 } ?? true
            guard hasEvents || now - state.consumerPolledAt >= Self.consumerPollInterval else { return false }
            state.consumerPolledAt = now
            return true
        }
    }

    /// Makes events on the consumer queue (rebalances, errors) end a ``wait(upTo:)`` too.
    func watchConsumerQueue(of rk: OpaquePointer) {
        guard let queue = rd_kafka_queue_get_consumer(rk) else { return }
        var payload = Self.payload
        rd_kafka_queue_io_event_enable(queue, eventFD, &payload, MemoryLayout<UInt64>.size)
        let replaced = state.withLock { state in
            defer { state.consumerQueue = Handle(pointer: queue) }
            return state.consumerQueue
        }
        if let replaced { Self.release(replaced) }
    }

    /// Takes `partitions`' fetch queues out of the consumer queue. Call BEFORE assigning them: a queue the application
    /// forwarded itself (even to nothing) is never forwarded by librdkafka's fetch start.
    func attach(_ partitions: [TopicPartition], to rk: OpaquePointer) {
        for partition in partitions {
            guard let queue = rd_kafka_queue_get_partition(rk, partition.topic, partition.partition) else { continue }
            rd_kafka_queue_forward(queue, nil)
            var payload = Self.payload
            rd_kafka_queue_io_event_enable(queue, eventFD, &payload, MemoryLayout<UInt64>.size)
            let replaced: Handle? = state.withLock { state in
                let old = state.queues.updateValue(Handle(pointer: queue), forKey: partition)
                if old == nil { state.order.append(partition) }
                return old
            }
            if let replaced { Self.release(replaced) }
        }
        wake()
    }

    /// Releases the queues of `partitions` (revoked or lost) and forgets their pause.
    func detach(_ partitions: [TopicPartition]) {
        let released: [Handle] = state.withLock { state in
            let gone = Set(partitions)
            state.paused.subtract(gone)
            state.order.removeAll { gone.contains($0) }
            state.cursor = 0
            return partitions.compactMap { state.queues.removeValue(forKey: $0) }
        }
        released.forEach(Self.release)
    }

    /// Releases every partition's queue (an assignment dropped as a whole).
    func detachAll() {
        detach(state.withLock { Array($0.queues.keys) })
    }

    /// Releases every queue, the consumer queue's too (before the consumer closes: librdkafka requires it).
    func close() {
        detachAll()
        let consumerQueue = state.withLock { state in
            defer { state.consumerQueue = nil }
            return state.consumerQueue
        }
        if let consumerQueue { Self.release(consumerQueue) }
    }

    /// The next record (or per-partition error) of an attached, unpaused partition, taking the partitions in turn;
    /// `nil` when none has one now. `consume` receives the message and must not keep it.
    func next<T>(_ consume: (UnsafeMutablePointer<rd_kafka_message_t>) throws -> T?) rethrows -> T? {
        try state.withLock { state -> T? in
            let count = state.order.count
            guard count > 0 else { return nil }
            for step in 0..<count {
                let index = (state.cursor + step) % count
                let partition = state.order[index]
                guard !state.paused.contains(partition), let queue = state.queues[partition],
                      let message = rd_kafka_consume_queue(queue.pointer, 0) else { continue }
                defer { rd_kafka_message_destroy(message) }
                state.cursor = (index + 1) % count
                if let value = try consume(message) { return value }
            }
            return nil
        }
    }

    /// Sleeps until a partition queue or the consumer queue became non-empty, ``wake()`` was called, or `timeout`
    /// passed.
    func wait(upTo timeout: Duration) {
        var descriptor = pollfd(fd: eventFD, events: Int16(POLLIN), revents: 0)
        // Rounded up: rounded down, the last fraction of a millisecond became a run of 0 ms polls (a spin at the end
        // of every wait).
        let milliseconds = Int32(clamping: Int64(max(0, (timeout / .milliseconds(1)).rounded(.up))))
        if poll(&descriptor, 1, milliseconds) > 0 {
            var value: UInt64 = 0
            _ = read(eventFD, &value, MemoryLayout<UInt64>.size)
        }
    }

    /// Ends a ``wait(upTo:)`` early. Safe from any thread.
    func wake() {
        var value = Self.payload
        _ = write(eventFD, &value, MemoryLayout<UInt64>.size)
    }

    func pause(_ partitions: [TopicPartition]) {
        state.withLock { $0.paused.formUnion(partitions) }
    }

    func resume(_ partitions: [TopicPartition]) {
        let resumed = state.withLock { state in
            let hit = partitions.filter { state.paused.contains($0) }
            state.paused.subtract(hit)
            return !hit.isEmpty
        }
        if resumed { wake() }
    }

    var paused: Set<TopicPartition> { state.withLock { $0.paused } }

    /// No more wake-ups to our eventfd from this queue, then our reference goes (the partition lives on in librdkafka).
    private static func release(_ queue: Handle) {
        rd_kafka_queue_io_event_enable(queue.pointer, -1, nil, 0)
        rd_kafka_queue_destroy(queue.pointer)
    }
}
