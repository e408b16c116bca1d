/// The mutable core of ``RequestLimiter``; every method runs under its mutex and never suspends.
struct LimiterState {
    let maxConcurrent: Int
    let budget: RateBudget
    let recoveryAfterSuccesses: Int
    private(set) var limit: Int
    private(set) var inFlight = 0
    private(set) var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextWaiterID: UInt64 = 0
    /// Admitted requests not yet released: each counts against the budget however long it runs.
    private var admittedInFlight = 0
    /// Release times of admitted requests within the current window, oldest first. Why the release and not the
    /// admission time: BC counts a request when it ARRIVES, at some instant between our admission and the response,
    /// so only the release time bounds it from above. Counting from admission made a client whose budget equals
    /// BC's overshoot at every window boundary (requests admitted `window` after an earlier one could reach BC
    /// sooner than `window` after it) and draw 429s.
    private var completions: [Duration] = []
    private var completionsHead = 0
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

    /// Records an admission of `units` requests at `now` (a `$batch` counts each operation), or returns how long to
    /// wait for the budget or a pause. `units` must not exceed the budget.
    mutating func admit(at now: Duration, units: Int = 1) -> Duration? {
        if let pausedUntil, pausedUntil > now { return pausedUntil - now }
        pausedUntil = nil
        while completionsHead < completions.count, completions[completionsHead] <= now - budget.window {
            completionsHead += 1
        }
        if completionsHead > 1024 {
            completions.removeFirst(completionsHead)
            completionsHead = 0
        }
        if admittedInFlight + completions.count - completionsHead + units > budget.requests {
            // The oldest completion leaving the window frees a unit; if requests in flight hold the whole budget,
            // look again shortly (one of them must complete first).
            guard completionsHead < completions.count else { return min(budget.window, .milliseconds(10)) }
            return completions[completionsHead] + budget.window - now
        }
        admittedInFlight += units
        return nil
    }

    /// Returns `units` admitted by ``admit(at:units:)`` that will not be sent (they never reached BC).
    mutating func unadmit(units: Int) {
        admittedInFlight = max(0, admittedInFlight - units)
    }

    /// Frees a slot, adapts, and hands freed slots to the longest waiters; returns whom to resume.
    ///
    /// - Parameter admitted: whether the slot's request was admitted by ``admit(at:)`` (and so sent); `false` when
    ///   the caller gave up while waiting for the budget.
    /// - Parameter units: the units admitted for the slot's request (a `$batch`'s operations), all counted as completed now.
    mutating func release(_ feedback: RequestLimiter.Feedback, at now: Duration, admitted: Bool = true,
                          units: Int = 1) -> [CheckedContinuation<Void, any Error>] {
        inFlight -= 1
        if admitted {
            let released = min(units, admittedInFlight)
            admittedInFlight -= released
            completions.append(contentsOf: repeatElement(now, count: released))
        }
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
