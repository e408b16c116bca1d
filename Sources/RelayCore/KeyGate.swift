/// Ensures records with one idempotency token never run concurrently: the first holds the gate, later ones wait in
/// arrival order and are handed the gate one at a time. Pure; the shell keeps one per process.
public struct KeyGate<Waiter: Sendable>: Sendable {
    private var waiting: [IdempotencyToken: [Waiter]] = [:]

    public init() {}

    /// Tokens currently held.
    public var heldCount: Int { waiting.count }

    /// Returns true when `token` was free (the caller runs now); otherwise `waiter` is queued.
    public mutating func enter(_ token: IdempotencyToken, waiter: Waiter) -> Bool {
        if waiting[token] != nil {
            waiting[token]!.append(waiter)
            return false
        }
        waiting[token] = []
        return true
    }

    /// Releases `token`; returns the next waiter, which now holds the gate, if any.
    public mutating func leave(_ token: IdempotencyToken) -> Waiter? {
        guard var queue = waiting[token] else { return nil }
        if queue.isEmpty {
            waiting[token] = nil
            return nil
        }
        let next = queue.removeFirst()
        waiting[token] = queue
        return next
    }

    /// Removes queued waiters matching `predicate` (e.g. those of a revoked partition); the holder is unaffected.
    public mutating func removeWaiters(where predicate: (Waiter) -> Bool) {
        for token in Array(waiting.keys) {
            waiting[token]!.removeAll(where: predicate)
        }
    }
}
