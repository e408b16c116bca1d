/// One HTTP exchange the client made, reported to the observer for metrics. Never contains tokens or bodies.
public struct BCRequestEvent: Sendable, Equatable {
    /// `token`, `journal.lookup`, `journal.create`, `payment.create`, `payment.lookup` or `company`.
    public var operation: String
    /// `2xx`, `3xx`, `4xx`, `429`, `5xx`, `timeout` or `network`.
    public var statusClass: String
    /// The HTTP status when a response arrived.
    public var httpStatus: Int?
    /// From sending to the whole response (or the failure); excludes waiting in the limiter.
    public var duration: Duration
    /// The classification when the exchange failed.
    public var errorKind: BusinessCentralError.Kind?

    /// Creates an event.
    public init(operation: String, statusClass: String, httpStatus: Int?, duration: Duration, errorKind: BusinessCentralError.Kind?) {
        self.operation = operation
        self.statusClass = statusClass
        self.httpStatus = httpStatus
        self.duration = duration
        self.errorKind = errorKind
    }

    /// The status class label for `status` (429 is its own class: it drives the limiter).
    public static func statusClass(for status: Int) -> String {
        status == 429 ? "429" : "\(status / 100)xx"
    }

    /// The status class label for a failure without a response.
    public static func statusClass(for transportError: HTTPTransportError) -> String {
        if case .timedOut = transportError { return "timeout" }
        return "network"
    }
}
