/// A failure the simulator can inject into a request.
public enum Fault: Sendable, Hashable {
    /// 429 `Application_TooManyRequests`, with `Retry-After: n` when `retryAfter` is set; nothing is stored.
    case tooManyRequests(retryAfter: Int?)
    /// 503 `Internal_ServiceUnavailable`, with `Retry-After` when set; nothing is stored.
    case serviceUnavailable(retryAfter: Int?)
    /// 500 `Internal_ServerError`; nothing is stored.
    case internalServerError
    /// 502 with a plain-text gateway body; nothing is stored.
    case badGateway
    /// 504 with a plain-text gateway body; nothing is stored.
    case gatewayTimeout
    /// The connection is reset before the request is processed; nothing is stored.
    case resetBeforeCommit
    /// The request is processed (a create stores its line), then the response is held back for `delay`
    /// (longer than the client's timeout) before it is sent.
    case commitThenDelay(Duration)
    /// The request is processed (a create stores its line), then the connection is reset without a response.
    case commitThenDrop
    /// The request waits an extra `delay` before it is processed.
    case latency(Duration)
    /// The request executes for `duration` before it commits and responds, holding its concurrency slot all along;
    /// a create reserves its line number first, so its (journal, lineNumber) key is locked for the whole duration
    /// while its line stays invisible to lookups. BC keeps executing after the client disconnects, and so does
    /// the simulator: the line commits even when the client has timed out meanwhile.
    case slowCommit(Duration)

    /// A stable name for statistics (`429`, `commit_then_drop`, ...).
    public var name: String {
        switch self {
        case .tooManyRequests: "429"
        case .serviceUnavailable: "503"
        case .internalServerError: "500"
        case .badGateway: "502"
        case .gatewayTimeout: "504"
        case .resetBeforeCommit: "reset_before_commit"
        case .commitThenDelay: "commit_then_delay"
        case .commitThenDrop: "commit_then_drop"
        case .latency: "latency"
        case .slowCommit: "slow_commit"
        }
    }
}
