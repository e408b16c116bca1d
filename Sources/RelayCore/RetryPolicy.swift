/// When and how long to wait before retrying a booking: exponential backoff with full jitter, honouring Retry-After,
/// bounded by an attempt count and an elapsed-time budget. Pure: randomness is passed in.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts allowed in all (the first included). Throttled attempts do not count: only the time budget bounds them,
    /// so a rate-limited backlog waits instead of failing.
    public var maxAttempts: Int
    /// Total time from the first attempt after which the record is failed instead of retried.
    public var maxElapsed: Duration
    /// The cap of the first backoff window; doubles per attempt.
    public var baseDelay: Duration
    /// The largest backoff window.
    public var maxDelay: Duration

    public init(maxAttempts: Int = 10, maxElapsed: Duration = .seconds(900), baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60)) {
        self.maxAttempts = maxAttempts
        self.maxElapsed = maxElapsed
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// The decision after a failed attempt.
    public enum Decision: Sendable, Equatable {
        case retry(after: Duration)
        case giveUp(reason: String)
    }

    /// Decides what follows attempt number `attempt` (1-based, counted attempts only) that failed with `failureClass`.
    ///
    /// - Parameters:
    ///   - retryAfter: the server's Retry-After, waited at least (plus up to one base delay of jitter).
    ///   - elapsed: time since the first attempt.
    ///   - random: a uniform value in `0..<1` (full jitter: the wait is `random × window`).
    public func decision(afterAttempt attempt: Int, failureClass: FailureClass, retryAfter: Duration?, elapsed: Duration, random: Double) -> Decision {
        if failureClass != .throttled, attempt >= maxAttempts {
            return .giveUp(reason: "gave up after \(attempt) attempts")
        }
        let delay = delay(afterAttempt: attempt, retryAfter: retryAfter, random: random)
        guard elapsed + delay < maxElapsed else {
            return .giveUp(reason: "retry budget of \(maxElapsed) exhausted after \(attempt) attempts")
        }
        return .retry(after: delay)
    }

    /// The wait after attempt number `attempt`, whatever the budget says: `random × backoffWindow(attempt)`, or the
    /// server's `retryAfter` plus up to one base delay of jitter.
    public func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration {
        if let retryAfter { return retryAfter + baseDelay * random }
        return backoffWindow(attempt: attempt) * random
    }

    /// `min(maxDelay, baseDelay × 2^(attempt-1))`.
    public func backoffWindow(attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let window = baseDelay * (1 << exponent)
        return min(window, maxDelay)
    }
}
