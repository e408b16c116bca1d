import Synchronization

/// A process-wide bound on the bookings that run at once (`RELAY_MAX_ACTIVE_BOOKINGS`), served first come, first
/// served.
///
/// Why: every record in a partition's in-flight window gets its booking task at once, and a running booking holds its
/// async frames (the processor's, the BC client's, the limiter's: 12–18 KiB measured with heaptrack) while it waits for
/// one of Business Central's few request slots. 16 partitions × a window of 64 made 1,024 such tasks, ~12–18 MiB,
/// for 5 requests in flight. A task waiting here has no frames yet: only the task itself (well under 1 KiB).
///
/// A booking takes its slot once, before its first step, and keeps it to the end, so a booking never waits for a slot
/// in the middle of its work (no booking that wrote `attempting` can be starved by new ones).
final class BookingSlots: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var available: Int
        /// Waiting tasks in arrival order; served from `head` (slots before it are spent).
        var waiters: [Waiter?] = []
        var head = 0
        var nextId: UInt64 = 0

        mutating func popFirst() -> Waiter? {
            var first: Waiter?
            while first == nil, head < waiters.count {
                first = waiters[head]
                waiters[head] = nil
                head += 1
            }
            compactIfSpent()
            return first
        }

        mutating func remove(_ id: UInt64) -> Waiter? {
            guard let index = waiters[head...].firstIndex(where: { $0?.id == id }), let waiter = waiters[index] else { return nil }
            waiters[index] = nil
            return waiter
        }

        /// Drops the spent prefix once it is most of the array (amortised O(1) per waiter).
        private mutating func compactIfSpent() {
            if head == waiters.count {
                waiters.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64, head * 2 >= waiters.count {
                waiters.removeFirst(head)
                head = 0
            }
        }

        var waiting: Int { waiters[head...].lazy.filter { $0 != nil }.count }
    }

    /// The number of bookings that may run at once.
    let limit: Int
    private let state: Mutex<State>

    init(limit: Int) {
        precondition(limit > 0, "at least one booking must be able to run")
        self.limit = limit
        state = Mutex(State(available: limit))
    }

    /// Waits for a slot; `false` when the calling task was cancelled before it got one (it then holds none).
    /// A `true` must be paired with one ``release()``.
    func acquire() async -> Bool {
        let id = state.withLock { state in
            defer { state.nextId += 1 }
            return state.nextId
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let granted: Bool? = state.withLock { state in
                    // Checked under the lock: a cancellation handler that ran before this found nothing to remove.
                    if Task.isCancelled { return false }
                    if state.available > 0 {
                        state.available -= 1
                        return true
                    }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                if let granted { continuation.resume(returning: granted) }
            }
        } onCancel: {
            state.withLock { $0.remove(id) }?.continuation.resume(returning: false)
        }
    }

    /// Gives a slot back: to the longest-waiting task, or to the pool.
    func release() {
        let next: Waiter? = state.withLock { state in
            if let waiter = state.popFirst() { return waiter }
            state.available += 1
            precondition(state.available <= limit, "a booking slot was released twice")
            return nil
        }
        next?.continuation.resume(returning: true)
    }

    /// Bookings holding a slot now.
    var running: Int { state.withLock { limit - $0.available } }
    /// Tasks waiting for a slot now.
    var waiting: Int { state.withLock { $0.waiting } }
}
