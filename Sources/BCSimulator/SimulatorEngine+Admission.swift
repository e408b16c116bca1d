import HTTPServer

/// BC's per-user limits in front of execution: the sliding-window rate limit and the concurrency queue.
extension SimulatorEngine {
    /// Counts a request against the caller's sliding window, or answers the 429 that refuses it.
    func rateLimited(_ client: String) -> HTTPResponse? {
        guard let rateLimiter, let wait = rateLimiter.admit(client) else { return nil }
        stats.update { $0.rateLimited += 1 }
        return throttled("Rate limit reached: more than \(configuration.limits.rateLimit!.requests) requests in the sliding window",
                         retryAfter: wait)
    }

    /// Waits for one of the caller's execution slots (paired with `concurrency?.release(client)`), or answers the
    /// 429 (full queue) or 503 (waited too long) that refuses the request.
    func acquireSlot(_ client: String) async -> HTTPResponse? {
        guard let concurrency else { return nil }
        switch await concurrency.acquire(client) {
        case .admitted:
            stats.update { $0.maxQueued = max($0.maxQueued, concurrency.maxQueued) }
            return nil
        case .queueFull:
            stats.update { $0.queueOverflows += 1; $0.maxQueued = max($0.maxQueued, concurrency.maxQueued) }
            let maximum = configuration.limits.concurrency!.maxExecuting + configuration.limits.concurrency!.maxQueued
            return throttled("Too many requests reached. Actual (\(maximum + 1)). Maximum (\(maximum))", retryAfter: .seconds(1))
        case .timedOut:
            stats.update { $0.queueTimeouts += 1; $0.maxQueued = max($0.maxQueued, concurrency.maxQueued) }
            return ODataError.response(503, "Internal_ServiceUnavailable",
                                       "The request waited too long in the queue of concurrent requests",
                                       headers: ["Retry-After": "1"])
        }
    }

    func throttled(_ message: String, retryAfter: Duration) -> HTTPResponse {
        let seconds = max(1, Int((retryAfter + .milliseconds(999)).components.seconds))
        let headers: HTTPHeaders = configuration.limits.retryAfterOn429 ? ["Retry-After": String(seconds)] : [:]
        return ODataError.response(429, "Application_TooManyRequests", message, headers: headers)
    }
}
