/// A request budget over a sliding window: at most ``requests`` admissions in any ``window``.
public struct RateBudget: Sendable, Equatable {
    /// The number of requests allowed per window.
    public var requests: Int
    /// The window's length.
    public var window: Duration

    /// Creates a budget of `requests` per `window`.
    public init(requests: Int, window: Duration) {
        self.requests = requests
        self.window = window
    }

    /// Business Central online's per-user limit: 6000 requests per 5 minutes.
    public static let businessCentralOnline = RateBudget(requests: 6000, window: .seconds(300))
}
