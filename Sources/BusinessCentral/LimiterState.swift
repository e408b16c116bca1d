/// The mutable core of ``RequestLimiter``; every method runs under its mutex and never suspends.
struct LimiterState {
    let maxConcurrent: Int
    let budget: RateBudget
    let recoveryAfterSuccesses: Int
    private(set) var limit: Int
    private(set) var inFlight = 0
    private(set) var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID: UInt64 = 0
    /// Admission times within the current window, oldest first.
    private var admissions: [Duration] = []
    private var admissionsHead = 0
    private var pausedUntil: Duration?
    private var successesSinceChange = 0

    init(maxConcurrent: Int, budget: RateBudget, recoveryAfterSuccesses: Int) {
        self.maxConcurrent = maxConcurrent
        self.budget = budget
        self.recoveryAfterSuccesses = recoveryAfterSuccesses
        limit = maxConcurrent
    }

    /// Takes a slot when one is free and nobody is queued ahead (FIFO).
    mutating func takeSlotImmediately() -> Bool {
        guard waiters.isEmpty, inFlight < limit else { return false }
        inFlight += 1
        return true
    }

    mutating func makeWaiterID() -> UInt64 {
        nextWaiterID += 1
        return nextWaiterID
    }

    /// Queues a waiter; `true` when a slot freed up meanwhile and it may go at once.
    mutating func enqueue(id: UInt64, continuation: CheckedContinuation<Void, any Error>) -> Bool? {
        if takeSlotImmediately() { return true }
        waiters.append((id, continuation))
        return nil
    }

    mutating func removeWaiter(id: UInt64) -> CheckedContinuation<Void, any Error>? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        return waiters.remove(at: index).continuation
    }

    /// Records an admission at `now`, or returns how long to wait for the budget or a pause.
    mutating func admit(at now: Duration) -> Duration? {
        if let pausedUntil, pausedUntil > now { return pausedUntil - now }
        pausedUntil = nil
        while admissionsHead < admissions.count, admissions[admissionsHead] <= now - budget.window {
            admissionsHead += 1
        }
        if admissionsHead > 1024 {
            admissions.removeFirst(admissionsHead)
            admissionsHead = 0
        }
        if admissions.count - admissionsHead >= budget.requests {
            return admissions[admissionsHead] + budget.window - now
        }
        admissions.append(now)
        return nil
    }

    /// Frees a slot, adapts, and hands freed slots to the longest waiters; returns whom to resume.
    mutating func release(_ feedback: RequestLimiter.Feedback, at now: Duration) -> [CheckedContinuation<Void, any Error>] {
        inFlight -= 1
        switch feedback {
        case .success:
            successesSinceChange += 1
            if limit < maxConcurrent, successesSinceChange >= recoveryAfterSuccesses {
                limit += 1
                successesSinceChange = 0
            }
        case .throttled(let retryAfter):
            limit = max(1, limit / 2)
            successesSinceChange = 0
            if let retryAfter, retryAfter > .zero {
                pausedUntil = max(pausedUntil ?? now, now + retryAfter)
            }
        case .neutral:
            break
        }
        var granted: [CheckedContinuation<Void, any Error>] = []
        while inFlight < limit, !waiters.isEmpty {
            inFlight += 1
            granted.append(waiters.removeFirst().continuation)
        }
        return granted
    }
}
