import Synchronization

/// BC's per-user concurrency limit: a few requests execute, more wait in a FIFO queue, the rest are refused.
final class ConcurrencyLimiter: Sendable {
    enum Admission: Sendable {
        case admitted
        /// The queue is full (BC: 429).
        case queueFull
        /// Waited longer than the queue timeout (BC: 503).
        case timedOut
    }

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Admission, Never>
        var timeout: Task<Void, Never>?
    }

    private struct State {
        var executing: [String: Int] = [:]
        var queues: [String: [Waiter]] = [:]
        var nextId: UInt64 = 0
        var maxQueued = 0
    }

    private let limit: SimLimits.ConcurrencyLimit
    private let state = Mutex(State())

    init(limit: SimLimits.ConcurrencyLimit) {
        self.limit = limit
    }

    /// The longest queue seen for any user.
    var maxQueued: Int { state.withLock { $0.maxQueued } }

    /// Waits for an execution slot; every `.admitted` must be paired with ``release(_:)``.
    func acquire(_ user: String) async -> Admission {
        await withCheckedContinuation { (continuation: CheckedContinuation<Admission, Never>) in
            let immediate = state.withLock { state -> Admission? in
                if state.executing[user, default: 0] < limit.maxExecuting {
                    state.executing[user, default: 0] += 1
                    return .admitted
                }
                if state.queues[user, default: []].count >= limit.maxQueued { return .queueFull }
                let id = state.nextId
                state.nextId += 1
                var waiter = Waiter(id: id, continuation: continuation)
                waiter.timeout = Task { [weak self] in
                    try? await Task.sleep(for: self?.limit.queueTimeout ?? .zero)
                    if !Task.isCancelled { self?.expire(user, id) }
                }
                state.queues[user, default: []].append(waiter)
                state.maxQueued = max(state.maxQueued, state.queues[user]!.count)
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// Frees a slot, handing it straight to the longest-waiting request of that user.
    func release(_ user: String) {
        let next = state.withLock { state -> Waiter? in
            if var queue = state.queues[user], !queue.isEmpty {
                let first = queue.removeFirst()
                state.queues[user] = queue
                return first
            }
            state.executing[user, default: 1] -= 1
            return nil
        }
        next?.timeout?.cancel()
        next?.continuation.resume(returning: .admitted)
    }

    private func expire(_ user: String, _ id: UInt64) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.queues[user]?.firstIndex(where: { $0.id == id }) else { return nil }
            return state.queues[user]!.remove(at: index)
        }
        waiter?.continuation.resume(returning: .timedOut)
    }
}
