import Synchronization

/// The queue of creates waiting to be sent, from which ``BusinessCentralClient`` forms OData `$batch` requests.
///
/// Batches form only under load: while limiter slots are free, each create gets a dispatcher of its own (and is sent
/// as a plain request: BC runs a batch's operations one after another, so batching free slots would add latency);
/// once every slot is busy, creates queue behind ONE waiting dispatcher, which takes everything queued (up to
/// ``maxOperations``) when it gets a slot. Why batch at all: on Linux, `URLSession` costs about 1 ms of
/// CPU per request whatever it carries, so one request per create made the HTTP client the relay's main cost.
///
/// A member is in exactly one place: queued, taken (in a batch being admitted), or handed to its sender. Cancellation
/// removes a queued member at once; a taken one is dropped when the batch is claimed (it was never sent); a claimed
/// one is on its way and runs to its answer, as any create on the wire.
final class CreateBatcher: Sendable {
    /// One create waiting for its batch.
    struct Member: Sendable {
        let id: UInt64
        let call: BusinessCentralClient.Call
        /// The create's resource path relative to the API root (a `$batch` operation's `url`).
        let path: String
        let continuation: CheckedContinuation<HTTPClientResponse, any Error>
    }

    /// Thrown to a member whose batch BC refused as a whole without executing it (e.g. a 401, or a BC without
    /// `$batch`): send it again on its own.
    struct SendAlone: Error {}

    private struct State {
        var queue: [Member] = []
        var taken: Set<UInt64> = []
        var cancelledWhileTaken: Set<UInt64> = []
        /// Dispatchers started that have not taken their members yet.
        var waitingDispatchers = 0
        var nextID: UInt64 = 0
        var disabled = false
    }

    /// The most operations in one `$batch` (BC allows 100).
    let maxOperations: Int
    private let state = Mutex(State())

    init(maxOperations: Int) {
        self.maxOperations = max(1, min(100, maxOperations))
    }

    /// Whether creates go through the queue: batching is on and BC did not refuse `$batch` as unsupported.
    var isEnabled: Bool { maxOperations > 1 && !state.withLock { $0.disabled } }

    /// Stops batching for the life of the process (BC answered `$batch` with 404/405/501).
    func disable() {
        state.withLock { $0.disabled = true }
    }

    /// Creates waiting for a dispatcher (tests).
    var queuedCount: Int { state.withLock { $0.queue.count } }

    func makeID() -> UInt64 {
        state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
    }

    /// Queues `member`; `true` when the caller must start a dispatcher: none is waiting, or fewer than the limiter's
    /// `freeSlots`. A member whose task is already cancelled is not queued: it is resumed with `CancellationError`
    /// (and `false` returned).
    func enqueue(_ member: Member, cancelled: Bool, freeSlots: Int) -> Bool {
        let start: Bool? = state.withLock { state in
            if cancelled { return nil }
            state.queue.append(member)
            guard state.waitingDispatchers < max(1, freeSlots) else { return false }
            state.waitingDispatchers += 1
            return true
        }
        guard let start else {
            member.continuation.resume(throwing: CancellationError())
            return false
        }
        return start
    }

    /// The member's task was cancelled: a queued member is removed and returned (resume it with
    /// `CancellationError`); a taken one is marked, and ``claim(_:)`` drops it.
    func cancel(_ id: UInt64) -> Member? {
        state.withLock { state in
            if let index = state.queue.firstIndex(where: { $0.id == id }) { return state.queue.remove(at: index) }
            if state.taken.contains(id) { state.cancelledWhileTaken.insert(id) }
            return nil
        }
    }

    /// Takes queued members for a dispatcher that holds a slot: its share of the queue among the dispatchers still
    /// waiting, at most ``maxOperations`` and `limit` (the rate budget's size).
    ///
    /// - Returns: the members, and whether more are queued with no dispatcher waiting (start another for them).
    func take(limit: Int = .max) -> (members: [Member], more: Bool) {
        state.withLock { state in
            let sharers = max(1, state.waitingDispatchers)
            state.waitingDispatchers = max(0, state.waitingDispatchers - 1)
            let share = (state.queue.count + sharers - 1) / sharers
            let count = min(maxOperations, limit, share)
            let members = Array(state.queue.prefix(count))
            state.queue.removeFirst(count)
            for member in members { state.taken.insert(member.id) }
            let more = !state.queue.isEmpty && state.waitingDispatchers == 0
            if more { state.waitingDispatchers += 1 }
            return (members, more)
        }
    }

    /// Hands taken members to the sender: those cancelled meanwhile are split off (never sent).
    func claim(_ members: [Member]) -> (live: [Member], cancelled: [Member]) {
        state.withLock { state in
            var live: [Member] = [], cancelled: [Member] = []
            for member in members {
                state.taken.remove(member.id)
                if state.cancelledWhileTaken.remove(member.id) != nil { cancelled.append(member) } else { live.append(member) }
            }
            return (live, cancelled)
        }
    }
}
