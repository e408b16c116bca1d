import BusinessCentral
import Foundation
import Synchronization
import Testing

/// A fake transport that records every request and answers from a script.
///
/// Requests to the token URL are answered by `tokenResponder` (default: a fresh token `token-N` valid for an hour);
/// all other requests consume the script in order. An exhausted script answers 599 and records a test issue.
final class ScriptedTransport: HTTPClientTransport {
    enum Reply: Sendable {
        case response(HTTPClientResponse)
        case failure(HTTPTransportError)
        case handler(@Sendable (HTTPClientRequest) async throws -> HTTPClientResponse)
    }

    private struct State {
        var script: [Reply]
        var requests: [HTTPClientRequest] = []
        var timeouts: [Duration] = []
        var tokensIssued = 0
    }

    let tokenURL: URL
    private let state: Mutex<State>
    private let tokenResponder: Mutex<(@Sendable (Int) async throws -> HTTPClientResponse)?>

    init(tokenURL: URL = Fixtures.tokenURL, script: [Reply] = []) {
        self.tokenURL = tokenURL
        state = Mutex(State(script: script))
        tokenResponder = Mutex(nil)
    }

    /// Replaces the token endpoint's behaviour; the argument is the 1-based token request number.
    func respondToTokenRequests(_ responder: @escaping @Sendable (Int) async throws -> HTTPClientResponse) {
        tokenResponder.withLock { $0 = responder }
    }

    func enqueue(_ replies: Reply...) {
        state.withLock { $0.script.append(contentsOf: replies) }
    }

    var requests: [HTTPClientRequest] { state.withLock { $0.requests } }
    var apiRequests: [HTTPClientRequest] { requests.filter { $0.url != tokenURL } }
    var tokenRequests: [HTTPClientRequest] { requests.filter { $0.url == tokenURL } }
    var timeouts: [Duration] { state.withLock { $0.timeouts } }
    var remainingScript: Int { state.withLock { $0.script.count } }

    func send(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPClientResponse {
        if request.url == tokenURL {
            let number = state.withLock { state in
                state.requests.append(request)
                state.tokensIssued += 1
                return state.tokensIssued
            }
            if let responder = tokenResponder.withLock({ $0 }) { return try await responder(number) }
            return .json(200, #"{"token_type":"Bearer","expires_in":3599,"access_token":"token-\#(number)"}"#)
        }
        let reply: Reply? = state.withLock { state in
            state.requests.append(request)
            state.timeouts.append(timeout)
            return state.script.isEmpty ? nil : state.script.removeFirst()
        }
        switch reply {
        case .response(let response)?: return response
        case .failure(let error)?: throw error
        case .handler(let handler)?: return try await handler(request)
        case nil:
            Issue.record("unscripted request \(request)")
            return HTTPClientResponse(status: 599)
        }
    }
}

extension HTTPClientResponse {
    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> HTTPClientResponse {
        var all = headers
        all["Content-Type"] = "application/json; odata.metadata=minimal"
        return HTTPClientResponse(status: status, headers: all, body: Array(body.utf8))
    }

    /// A Business Central error body with the CorrelationId suffix.
    static func odataError(_ status: Int, code: String, message: String, headers: [String: String] = [:]) -> HTTPClientResponse {
        json(status, #"{"error":{"code":"\#(code)","message":"\#(message)  CorrelationId:  7e0f2a40-1111-2222-3333-444455556666."}}"#, headers: headers)
    }
}

extension HTTPClientRequest {
    var bodyText: String? { body.map { String(decoding: $0, as: UTF8.self) } }
}
