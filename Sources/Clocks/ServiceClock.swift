import Foundation

/// Time as the service's shell sees it, injected everywhere so tests control it: wall-clock time for what is
/// written down (ledger entries, outcomes, token expiry, `Retry-After` dates), monotonic time for durations (retry
/// budgets, the membership lease, rate windows, caches), and sleeping.
public protocol ServiceClock: Sendable {
    /// The current wall-clock time.
    func now() -> Date
    /// Monotonic time since a fixed point of this clock (never goes back, unaffected by wall-clock changes).
    func uptime() -> Duration
    /// Suspends the task for `duration`; throws `CancellationError` when the task is cancelled.
    func sleep(for duration: Duration) async throws
}

extension ServiceClock {
    /// Blocks the calling thread for `duration` (for the code that runs on threads of its own: ledger loads,
    /// replay). Returns early, without an error, when the sleep is cancelled.
    public func sleepBlocking(for duration: Duration) {
        let done = DispatchSemaphore(value: 0)
        Task {
            try? await sleep(for: duration)
            done.signal()
        }
        done.wait()
    }
}

/// The real clock: `Date()`, `ContinuousClock` and `Task.sleep`.
public struct SystemClock: ServiceClock {
    private let origin = ContinuousClock.now

    /// Creates the real clock; its ``uptime()`` counts from now.
    public init() {}
    public func now() -> Date { Date() }
    public func uptime() -> Duration { ContinuousClock.now - origin }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
