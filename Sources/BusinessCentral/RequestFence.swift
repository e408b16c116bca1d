/// A last check before a non-idempotent request is written: the caller's right to send it (e.g. ownership of the
/// Kafka partition the payment came from) may have ended while the request waited for a token or for the limiter.
///
/// The client calls ``checkBeforeSending()`` after the limiter admitted the request and immediately before handing
/// it to the transport; a throw means the request was never sent.
public protocol RequestFence: Sendable {
    /// Throws ``RequestFenced`` when the request must not be sent.
    func checkBeforeSending() throws(RequestFenced)
}

/// A request refused by its ``RequestFence``: it was never sent, so nothing can have been applied.
public struct RequestFenced: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why (e.g. "partition revoked", "group membership not confirmed for 7s").
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "request not sent: \(reason)" }
}
