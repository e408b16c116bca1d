/// Listening address, limits and timeouts of an ``HTTPServer``.
///
/// The defaults suit an API server (the BC simulator): any method, 8 MiB bodies, 1,024 connections. A server that
/// only answers probes should narrow them: `allowedMethods: ["GET", "HEAD"]`, `maxBodyBytes: 0` (a body is refused
/// with 413 before it is read), a few connections, short timeouts, and ``evictsIdleConnectionsWhenFull``.
public struct HTTPServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1`, `0.0.0.0`, `::1`, `localhost`).
    public var host: String
    /// The port to bind; 0 picks an ephemeral port (read it from ``HTTPServer/port`` after start).
    public var port: Int
    /// The largest request head (request line + headers) accepted; larger → 431.
    public var maxHeaderBytes: Int
    /// The largest request body accepted; larger → 413, answered from the head without reading the body.
    public var maxBodyBytes: Int
    /// Time allowed to receive a whole request once its first byte arrived; slower → 408 and close.
    public var readTimeout: Duration
    /// Time an idle keep-alive connection waits for its next request before the server closes it.
    public var keepAliveIdleTimeout: Duration
    /// Time allowed for writing a response to a client that does not read.
    public var writeTimeout: Duration
    /// Open connections beyond this are answered 503 and closed (unless ``evictsIdleConnectionsWhenFull`` makes room).
    public var maxConnections: Int
    /// The listen(2) backlog.
    public var backlog: Int
    /// The only methods served, or `nil` for any. Another method is answered 405 with `Allow` as soon as its head
    /// is read, before any body.
    public var allowedMethods: Set<String>?
    /// When at ``maxConnections``, close the connection that has waited longest on its client (idle keep-alive or a
    /// request still arriving) to admit the new one, instead of answering 503. Connections whose request is being
    /// handled are never closed. For servers whose clients are probes and scrapers; a client that pipelines
    /// non-idempotent requests should not be cut off this way.
    public var evictsIdleConnectionsWhenFull: Bool

    public init(host: String = "127.0.0.1", port: Int = 0, maxHeaderBytes: Int = 16 * 1024,
                maxBodyBytes: Int = 8 * 1024 * 1024, readTimeout: Duration = .seconds(30),
                keepAliveIdleTimeout: Duration = .seconds(120), writeTimeout: Duration = .seconds(30),
                maxConnections: Int = 1024, backlog: Int = 1024, allowedMethods: Set<String>? = nil,
                evictsIdleConnectionsWhenFull: Bool = false) {
        self.host = host
        self.port = port
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
        self.readTimeout = readTimeout
        self.keepAliveIdleTimeout = keepAliveIdleTimeout
        self.writeTimeout = writeTimeout
        self.maxConnections = maxConnections
        self.backlog = backlog
        self.allowedMethods = allowedMethods
        self.evictsIdleConnectionsWhenFull = evictsIdleConnectionsWhenFull
    }
}
