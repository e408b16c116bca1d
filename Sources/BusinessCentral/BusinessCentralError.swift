/// Every failure of a Business Central call, classified for the caller's retry decision.
///
/// Classification follows the OData `error.code` first and the HTTP status second. Messages never contain
/// secrets or tokens.
public struct BusinessCentralError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the caller may do next.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Not applied (e.g. refused before execution, 502/503 on a read, lock timeout): retry with backoff.
        case transient
        /// 429 (or BC's queue limits): retry after ``BusinessCentralError/retryAfter`` or backoff.
        case throttled
        /// The request may have been applied (timeout or connection loss after sending, 5xx/408/504 on a create):
        /// look the key up before retrying.
        case outcomeUnknown
        /// `Internal_EntityWithSameKeyExists` (lineNumber collision) or `Request_EntityChanged`: look up, then retry.
        case conflict
        /// The request or data is wrong (`BadRequest_*`, `Application_*`, 403, 404, 405, 413): do not retry.
        case permanent
        /// Credentials refused even after one forced token renewal: do not retry.
        case authentication
    }

    /// The retry class.
    public var kind: Kind
    /// The OData `error.code` (`Application_StringExceededLength`, ...) or a relay code such as `Timeout`.
    public var code: String?
    /// A human-readable message (BC's message with the CorrelationId suffix kept), never containing secrets.
    public var message: String
    /// The HTTP status when a response was received.
    public var httpStatus: Int?
    /// The server's `Retry-After`, when it sent one.
    public var retryAfter: Duration?

    public init(kind: Kind, code: String? = nil, message: String, httpStatus: Int? = nil, retryAfter: Duration? = nil) {
        self.kind = kind
        self.code = code
        self.message = message
        self.httpStatus = httpStatus
        self.retryAfter = retryAfter
    }

    public var description: String {
        var out = "Business Central \(kind.rawValue) error"
        if let httpStatus { out += " (HTTP \(httpStatus))" }
        if let code { out += " \(code)" }
        return out + ": \(message)"
    }
}
