import Synchronization

/// A per-user sliding-window request counter, like BC's "6000 requests per 5 minutes".
final class RateLimiter: Sendable {
    private let limit: SimLimits.RateLimit
    private let windows = Mutex<[String: [ContinuousClock.Instant]]>([:])

    init(limit: SimLimits.RateLimit) {
        self.limit = limit
    }

    /// Counts the request and returns `nil`, or returns how long until a slot frees up when the window is full
    /// (refused requests are not counted).
    func admit(_ user: String, now: ContinuousClock.Instant = .now) -> Duration? {
        windows.withLock { windows in
            var times = windows[user, default: []]
            let windowStart = now.advanced(by: .zero - limit.window)
            if let firstInside = times.firstIndex(where: { $0 > windowStart }) {
                times.removeFirst(firstInside)
            } else {
                times.removeAll()
            }
            defer { windows[user] = times }
            guard times.count < limit.requests else {
                return times[0].advanced(by: limit.window) - now
            }
            times.append(now)
            return nil
        }
    }
}
