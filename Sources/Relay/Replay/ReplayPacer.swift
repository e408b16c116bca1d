/// Spaces published records to a rate cap: a token bucket holding one token, refilled every `1 / rate` seconds.
///
/// Pure: the caller passes the time and sleeps for the delay returned. Over any window of length T, at most
/// `T × rate + 1` records pass.
public struct ReplayPacer: Sendable {
    /// The gap between two records.
    public let interval: Duration
    private var nextAllowed: Duration?

    /// A pacer for `recordsPerSecond` (> 0).
    public init(recordsPerSecond: Double) {
        precondition(recordsPerSecond > 0 && recordsPerSecond.isFinite, "the rate must be positive")
        interval = .nanoseconds(Int64((1e9 / recordsPerSecond).rounded(.up)))
    }

    /// Reserves the next slot at or after `now`; returns how long to wait before publishing.
    public mutating func delay(now: Duration) -> Duration {
        let slot = max(now, nextAllowed ?? now)
        nextAllowed = slot + interval
        return slot - now
    }
}
