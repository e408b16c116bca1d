/// Why an ``HTTPClientTransport`` got no response; each case says whether the request may have reached the server.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection was made (DNS, refused, TLS handshake): the request was certainly NOT sent.
    case cannotConnect(String)
    /// The total deadline passed: the request MAY have been sent and applied.
    case timedOut
    /// The connection broke mid-exchange: the request MAY have been sent and applied.
    case connectionLost(String)
    /// Anything else; treated as possibly sent.
    case other(String)

    public var description: String {
        switch self {
        case .cannotConnect(let reason): "cannot connect: \(reason)"
        case .timedOut: "timed out"
        case .connectionLost(let reason): "connection lost: \(reason)"
        case .other(let reason): "transport error: \(reason)"
        }
    }
}
