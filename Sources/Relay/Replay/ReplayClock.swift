import Foundation

/// Time as the replay sees it; injected so tests control pacing without waiting.
///
/// The replay runs on its own thread, so ``sleep(for:)`` blocks that thread.
public protocol ReplayClock: Sendable {
    /// Monotonic time, for pacing, progress and commit intervals.
    func instant() -> ContinuousClock.Instant
    /// Wall-clock time, for `relay.replayed.at`.
    func date() -> Date
    /// Blocks the calling thread for `duration`.
    func sleep(for duration: Duration)
}

/// The real clock.
public struct SystemReplayClock: ReplayClock {
    /// Creates the real clock.
    public init() {}
    /// `ContinuousClock.now`.
    public func instant() -> ContinuousClock.Instant { .now }
    /// `Date()`.
    public func date() -> Date { Date() }
    /// `Thread.sleep`.
    public func sleep(for duration: Duration) {
        let (seconds, attoseconds) = duration.components
        Thread.sleep(forTimeInterval: Double(seconds) + Double(attoseconds) / 1e18)
    }
}
