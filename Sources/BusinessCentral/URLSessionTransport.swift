import Dispatch
import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The production ``HTTPClientTransport`` on `URLSession`: keep-alive connections reused across requests, and a
/// TOTAL deadline per request.
///
/// Why our own deadline: `URLRequest.timeoutInterval` is an idle timeout (on Linux it restarts with every byte), so
/// a slowly trickling response could outlive any bound. A timer cancels the task at the deadline instead (one
/// ``DeadlineSweeper`` for all requests, within 20 ms of the deadline).
///
/// The session is configured for one service, not a browser: no URL cache, no cookie storage or cookie parsing
/// (corelibs otherwise parses every response header line for cookies), no credential storage, and as many
/// keep-alive connections as the client's concurrency.
/// A 401 with a `WWW-Authenticate` challenge is returned as a 401 (without its body), see
/// ``AuthenticationChallengeRefuser``. Redirects are never followed: a 3xx is returned as is, its body replaced by a
/// short text naming the location (without userinfo or query), which the error mapping reports as a permanent
/// error; no header of the request ever reaches the redirect target.
public final class URLSessionTransport: HTTPClientTransport {
    private let session: URLSession
    private let challenges = AuthenticationChallengeRefuser()
    private let deadlines = DeadlineSweeper()

    /// Creates a transport allowing `maximumConnectionsPerHost` parallel keep-alive connections; keep it at least
    /// the client's `maxConcurrentRequests` so requests admitted by the limiter never queue inside `URLSession`.
    public init(maximumConnectionsPerHost: Int = 5) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, maximumConnectionsPerHost)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        configuration.urlCredentialStorage = nil
        // The per-request deadline in send(_:timeout:) governs; this only stops URLSession from cutting earlier.
        configuration.timeoutIntervalForResource = 7 * 24 * 3600
        session = URLSession(configuration: configuration, delegate: challenges, delegateQueue: nil)
    }

    /// Creates a transport sized for `configuration` (connections per host = `maxConcurrentRequests`).
    public convenience init(configuration: BusinessCentralConfiguration) {
        self.init(maximumConnectionsPerHost: configuration.maxConcurrentRequests)
    }

    deinit {
        session.finishTasksAndInvalidate()
    }

    /// Requests whose deadline is still armed (tests: a finished request leaves none behind).
    var pendingDeadlines: Int { deadlines.pending.entries }

    public func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        let seconds = max(0.001, Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18)
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        // Why ceil + 1: corelibs truncates the idle timeout to whole seconds (0.3 s would fire at once); our own
        // deadline below is the one that should fire.
        urlRequest.timeoutInterval = seconds.rounded(.up) + 1
        for (name, value) in request.headers { urlRequest.addValue(value, forHTTPHeaderField: name) }
        if let body = request.body { urlRequest.httpBody = Data(body) }

        let exchange = PendingExchange()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let identifier = Mutex(0)
                let task = session.dataTask(with: urlRequest) { [challenges] data, response, error in
                    challenges.unregister(taskIdentifier: identifier.withLock { $0 })
                    exchange.finish(Self.result(data: data, response: response, error: error, requestURL: request.url))
                }
                identifier.withLock { $0 = task.taskIdentifier }
                challenges.register(exchange, taskIdentifier: task.taskIdentifier)
                let deadlines = self.deadlines
                let key = deadlines.add(deadline: .now + timeout) { exchange.finish(.failure(HTTPTransportError.timedOut)) }
                exchange.start(continuation: continuation, task: task, cancelDeadline: { deadlines.remove(key) })
                task.resume()
            }
        } onCancel: {
            exchange.finish(.failure(CancellationError()))
        }
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?,
                               requestURL: URL) -> Result<HTTPClientResponse, any Error> {
        if let error { return .failure(TransportErrorMapping.map(error)) }
        guard let http = response as? HTTPURLResponse else {
            return .failure(HTTPTransportError.connectionLost("response is not HTTP"))
        }
        var headers: [String: String] = [:]
        for (key, value) in http.allHeaderFields {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        if (300..<400).contains(http.statusCode) {
            let location = HTTPClientResponse(status: http.statusCode, headers: headers).header("Location")
            let text = "HTTP \(http.statusCode) redirect to \(redactedLocation(location, from: requestURL)) not followed: "
                + "payment-relay never follows redirects; configure the final URL"
            return .success(HTTPClientResponse(status: http.statusCode, headers: headers, body: Array(text.utf8)))
        }
        return .success(HTTPClientResponse(status: http.statusCode, headers: headers, body: Array(data ?? Data())))
    }

    /// The redirect target, resolved against the request URL, without userinfo, query or fragment (they may hold
    /// credentials), at most 120 characters.
    static func redactedLocation(_ location: String?, from requestURL: URL) -> String {
        guard let location, !location.isEmpty else { return "(no Location header)" }
        guard let target = URL(string: location, relativeTo: requestURL)?.absoluteURL,
              var components = URLComponents(url: target, resolvingAgainstBaseURL: false), components.host != nil else {
            return "(an invalid Location)"
        }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        let text = components.string ?? "(an invalid Location)"
        return text.unicodeScalars.count <= 120 ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(120))) + "…"
    }
}
