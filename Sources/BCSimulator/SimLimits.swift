/// Business Central's per-user limits, scaled as needed; `nil` members disable a limit.
public struct SimLimits: Sendable {
    /// At most `requests` API requests per sliding `window` per user; more → 429.
    public struct RateLimit: Sendable {
        public var requests: Int
        public var window: Duration
        public init(requests: Int, window: Duration) {
            self.requests = requests
            self.window = window
        }
    }

    /// At most `maxExecuting` requests execute at once per user; up to `maxQueued` more wait (FIFO);
    /// beyond that → 429, and a request waiting longer than `queueTimeout` → 503.
    public struct ConcurrencyLimit: Sendable {
        public var maxExecuting: Int
        public var maxQueued: Int
        public var queueTimeout: Duration
        public init(maxExecuting: Int, maxQueued: Int, queueTimeout: Duration) {
            self.maxExecuting = maxExecuting
            self.maxQueued = maxQueued
            self.queueTimeout = queueTimeout
        }
    }

    public var rateLimit: RateLimit?
    public var concurrency: ConcurrencyLimit?
    /// Whether 429 responses carry `Retry-After` (UNCONFIRMED for BC, so both are testable).
    public var retryAfterOn429: Bool

    public init(rateLimit: RateLimit? = nil, concurrency: ConcurrencyLimit? = nil, retryAfterOn429: Bool = true) {
        self.rateLimit = rateLimit
        self.concurrency = concurrency
        self.retryAfterOn429 = retryAfterOn429
    }

    /// No limits (the default: tests and benchmarks opt in).
    public static let unlimited = SimLimits()

    /// BC online's documented values: 6000 requests per 5 minutes, 5 executing, 95 queued, 8 minutes in queue.
    public static let businessCentral = SimLimits(
        rateLimit: RateLimit(requests: 6000, window: .seconds(300)),
        concurrency: ConcurrencyLimit(maxExecuting: 5, maxQueued: 95, queueTimeout: .seconds(480)))
}
