/// A failed call to the booking service (Business Central), as the core sees it: what the caller may do next, and
/// what to report. The shell maps the BC client's errors to it, so the core depends on no client.
public struct ServiceFailure: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the caller may do next.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Not applied: retry with backoff.
        case transient
        /// Rate limited: retry after `retryAfter` or backoff.
        case throttled
        /// May have been applied (a create that timed out, lost its connection, or got a 5xx).
        case outcomeUnknown
        /// A key conflict (a taken line number) or a stale ETag: nothing applied.
        case conflict
        /// The request or its data is wrong: do not retry.
        case permanent
        /// Credentials refused even after a renewal.
        case authentication
    }

    public var kind: Kind
    /// The service's error code (`Application_StringExceededLength`, `Internal_EntityWithSameKeyExists`, `Timeout`...).
    public var code: String?
    public var message: String
    public var httpStatus: Int?
    public var retryAfter: Duration?

    public init(kind: Kind, code: String? = nil, message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    public var description: String {
        "\(kind.rawValue)\(httpStatus.map { " (HTTP \($0))" } ?? "")\(code.map { " \($0)" } ?? ""): \(message)"
    }
}
