import Dispatch
import Foundation
import Synchronization
import Telemetry

/// A small HTTP/1.1 server: one accept thread and one thread per connection, each request handed to an async
/// handler.
///
/// Blocking threads keep the I/O simple and fast on loopback; handlers run on the Swift concurrency pool, so a
/// handler that waits (`Task.sleep`) holds no thread of the pool. Supports keep-alive, `Connection: close`,
/// `Content-Length` bodies and `Expect: 100-continue`; refuses chunked request bodies with 501.
///
/// A handler may return ``HTTPResponse/dropConnection`` to reset the connection without answering.
public final class HTTPServer: Sendable {
    private let configuration: HTTPServerConfiguration
    private let logger: Logger
    private let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    private let state = Mutex(State())
    private let acceptFinished = DispatchSemaphore(value: 0)

    private struct State {
        var listener: Socket?
        var port = 0
        var isStarted = false
        var isStopped = false
        var connections = ConnectionTable()
    }

    /// Creates a server; nothing is bound until ``start()``.
    /// - Parameters:
    ///   - configuration: address, limits and timeouts.
    ///   - logger: receives start/stop at info and rejected requests at debug.
    ///   - handler: answers each request; it runs concurrently for different connections.
    public init(configuration: HTTPServerConfiguration = HTTPServerConfiguration(), logger: Logger,
                handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) {
        self.configuration = configuration
        self.logger = logger
        self.handler = handler
    }

    /// Binds, listens and starts accepting connections.
    /// - Throws: ``HTTPServerError`` naming `host:port` when the address cannot be bound, or when already started.
    public func start() throws(HTTPServerError) {
        let listener = try state.withLock { state throws(HTTPServerError) -> Socket in
            guard !state.isStarted else { throw HTTPServerError(.alreadyStarted, "server already started") }
            let (listener, port) = try Socket.listen(host: configuration.host, port: configuration.port,
                                                     backlog: configuration.backlog)
            state.isStarted = true
            state.listener = listener
            state.port = port
            return listener
        }
        logger.info("http.server_started", ["http.host": configuration.host, "http.port": String(port)])
        let thread = Thread { [self] in acceptLoop(listener) }
        thread.name = "http-accept"
        thread.start()
    }

    /// The bound port (0 before ``start()``).
    public var port: Int { state.withLock { $0.port } }

    /// The number of open connections (including evicted ones whose thread is still ending).
    public var connectionCount: Int { state.withLock { $0.connections.entries.count } }

    /// Closes the listener and every connection; idempotent. Returns once the port is released; handlers still
    /// running finish in the background and their responses are discarded.
    public func stop() {
        let wasListening = state.withLock { state -> Bool in
            guard state.isStarted, !state.isStopped else { return false }
            state.isStopped = true
            state.listener?.shutdown()
            for connection in state.connections.sockets { connection.shutdown() }
            return true
        }
        guard wasListening else { return }
        _ = acceptFinished.wait(timeout: .now() + 5)
        logger.info("http.server_stopped", ["http.port": String(port)])
    }

    private func acceptLoop(_ listener: Socket) {
        defer {
            listener.close()
            acceptFinished.signal()
        }
        while true {
            switch listener.accept() {
            case .success(let (client, peer)):
                admit(client, peer: peer)
            case .failure(let error):
                if state.withLock({ $0.isStopped }) { return }
                if error.errno != EINTR && error.errno != ECONNABORTED {
                    // Out of descriptors or memory: back off instead of spinning.
                    logger.warning("http.accept_failed", ["error.errno": String(error.errno)])
                    usleep(10_000)
                }
            }
        }
    }

    private func admit(_ client: Socket, peer: String) {
        let admission = state.withLock { state -> ConnectionTable.Admission? in
            if state.isStopped { return nil }
            let admission = state.connections.admit(client, limit: configuration.maxConnections,
                                                    evictingIdle: configuration.evictsIdleConnectionsWhenFull,
                                                    now: .now)
            // Under the lock, like stop(): the victim's descriptor cannot have been closed and reused yet.
            if case .admittedEvicting(let victim) = admission { victim.shutdown() }
            return admission
        }
        client.configureAccepted(writeTimeout: configuration.writeTimeout)
        switch admission {
        case nil:
            client.close()
        case .full?:
            client.writeAll(HTTPResponseSerializer.error(503, "too many connections"))
            client.close()
        case .admitted?, .admittedEvicting?:
            if case .admittedEvicting? = admission { logger.debug("http.idle_connection_evicted", ["http.admitted_peer": peer]) }
            let connection = HTTPConnection(
                socket: client, remoteAddress: peer, configuration: configuration, handler: handler, logger: logger,
                markWaiting: { [self] in state.withLock { $0.connections.markWaiting(client.fd, since: .now) } },
                markServing: { [self] in state.withLock { $0.connections.markServing(client.fd) } })
            let thread = Thread { [self] in
                connection.run()
                // Forget the descriptor before closing it, so stop() never shuts down a reused number.
                state.withLock { $0.connections.remove(client.fd) }
                client.close()
            }
            thread.name = "http-connection"
            thread.stackSize = 512 * 1024
            thread.start()
        }
    }
}
