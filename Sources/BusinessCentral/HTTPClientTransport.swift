/// Sends one HTTP request and returns the whole response; the seam between the client and the network.
///
/// Implementations throw ``HTTPTransportError`` (or `CancellationError` when the calling task is cancelled) and
/// never throw for an HTTP error status.
public protocol HTTPClientTransport: Sendable {
    /// Sends `request`, giving up after `timeout` in total (connect, send, wait and receive).
    func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse
}
