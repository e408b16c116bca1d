import Synchronization
import Clocks

/// The process-wide gate in front of Business Central: at most N requests in flight (FIFO wait queue) and at
/// most `requests` per sliding window, each request counted from its admission until `window` after its release
/// (BC counts it somewhere in between); adapts down on 429 and recovers gradually.
///
/// Share ONE instance among every client in the process: BC counts limits per user, and an app registration is
/// one user. Call ``acquire()`` before a request and ``release(_:)`` exactly once after it.
public final class RequestLimiter: Sendable {
    /// What happened to a request, for adaptation.
    public enum Feedback: Sendable, Equatable {
        /// A 2xx: counts toward restoring concurrency.
        case success
        /// A 429: halve the allowed concurrency (floor 1) and, with a `Retry-After`, pause admissions that long.
        case throttled(retryAfter: Duration?)
        /// Anything else: no adaptation.
        case neutral
    }

    private let state: Mutex<LimiterState>
    private let clock: any ServiceClock

    /// Creates a limiter.
    ///
    /// - Parameters:
    ///   - maxConcurrent: the ceiling of requests in flight (BC: 5 per user).
    ///   - rateBudget: admissions per sliding window (BC: 6000 per 5 minutes).
    ///   - recoveryAfterSuccesses: consecutive successes that restore one unit of concurrency after a 429.
    ///   - clock: monotonic time, and the sleep that waits out the rate window or a `Retry-After` pause.
    public init(
        maxConcurrent: Int,
        rateBudget: RateBudget,
        recoveryAfterSuccesses: Int = 20,
        clock: any ServiceClock = SystemClock()
    ) {
        state = Mutex(LimiterState(
            maxConcurrent: max(1, maxConcurrent),
            budget: RateBudget(requests: max(1, rateBudget.requests), window: rateBudget.window),
            recoveryAfterSuccesses: max(1, recoveryAfterSuccesses)
        ))
        self.clock = clock
    }

    /// Creates a limiter from the configuration's `maxConcurrentRequests`, `rateLimit` and recovery setting.
    public convenience init(configuration: BusinessCentralConfiguration, clock: any ServiceClock = SystemClock()) {
        self.init(
            maxConcurrent: configuration.maxConcurrentRequests,
            rateBudget: configuration.rateLimit,
            recoveryAfterSuccesses: configuration.concurrencyRecoveryAfterSuccesses,
            clock: clock
        )
    }

    /// Waits for a concurrency slot (FIFO), then for the rate budget and any `Retry-After` pause.
    ///
    /// - Throws: `CancellationError` when the task is cancelled while waiting; no slot is held then.
    public func acquire() async throws {
        try await acquireSlot()
        do {
            while true {
                let wait = state.withLock { $0.admit(at: clock.uptime()) }
                guard let wait else { return }
                try await clock.sleep(for: wait)
            }
        } catch {
            // Never admitted: the slot is returned without counting against the budget.
            let granted = state.withLock { $0.release(.neutral, at: clock.uptime(), admitted: false) }
            for continuation in granted { continuation.resume() }
            throw error
        }
    }

    /// Waits for a concurrency slot (FIFO), then asks `take` how many operations the request will carry (a `$batch`
    /// counts each against BC's rate limit), passing the most it may carry (the budget's size), and waits for that
    /// many units of the budget. `take` returning 0 hands the slot back at once (nothing to send).
    ///
    /// - Returns: the units admitted (what `take` returned): pass them to ``release(_:units:)``.
    /// - Throws: `CancellationError` when the task is cancelled while waiting; no slot is held then.
    func acquire(units take: (_ maximum: Int) -> Int) async throws -> Int {
        try await acquireSlot()
        let maximum = state.withLock { $0.budget.requests }
        let units = min(take(maximum), maximum)
        guard units > 0 else {
            let granted = state.withLock { $0.release(.neutral, at: clock.uptime(), admitted: false) }
            for continuation in granted { continuation.resume() }
            return 0
        }
        do {
            while true {
                let wait = state.withLock { $0.admit(at: clock.uptime(), units: units) }
                guard let wait else { return units }
                try await clock.sleep(for: wait)
            }
        } catch {
            let granted = state.withLock { $0.release(.neutral, at: clock.uptime(), admitted: false) }
            for continuation in granted { continuation.resume() }
            throw error
        }
    }

    /// Returns the slot taken by ``acquire()`` and adapts to `feedback`.
    public func release(_ feedback: Feedback) {
        release(feedback, units: 1)
    }

    /// Returns the slot taken by ``acquire(units:)``; its `units` count as completed now.
    func release(_ feedback: Feedback, units: Int) {
        let granted = state.withLock { $0.release(feedback, at: clock.uptime(), units: units) }
        for continuation in granted { continuation.resume() }
    }

    /// Gives back `units` admitted by ``acquire(units:)`` that will not be sent (they never reached BC); the slot stays.
    func unadmit(units: Int) {
        guard units > 0 else { return }
        state.withLock { $0.unadmit(units: units) }
    }

    /// The concurrency currently allowed (drops after a 429, recovers on successes).
    public var concurrencyLimit: Int { state.withLock { $0.limit } }
    /// Requests holding a slot now.
    public var inFlight: Int { state.withLock { $0.inFlight } }
    /// Callers waiting for a slot.
    public var queued: Int { state.withLock { $0.waiters.count } }
    /// Slots neither held nor promised to a waiter, read under one lock (may be negative after a 429 lowered the limit).
    var freeSlots: Int { state.withLock { $0.limit - $0.inFlight - $0.waiters.count } }

    private func acquireSlot() async throws {
        if state.withLock({ $0.takeSlotImmediately() }) { return }
        let id = state.withLock { $0.makeWaiterID() }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = state.withLock { state -> Bool? in
                    // Checked under the lock: if onCancel already ran, it found no waiter to remove.
                    if Task.isCancelled { return false }
                    return state.enqueue(id: id, continuation: continuation)
                }
                switch outcome {
                case .some(true): continuation.resume()
                case .some(false): continuation.resume(throwing: CancellationError())
                case .none: break
                }
            }
        } onCancel: {
            let removed = state.withLock { $0.removeWaiter(id: id) }
            removed?.resume(throwing: CancellationError())
        }
    }
}
