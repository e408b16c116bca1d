import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `URLSession`'s delegate in ``URLSessionTransport``: turns an authentication challenge (a 401 carrying
/// `WWW-Authenticate: Basic ...`, as BC on-premises answers wrong Basic credentials) into that 401 response.
///
/// Why: on Linux, FoundationNetworking handles such a 401 itself; without a delegate it waits for a credential
/// that never comes and the task NEVER completes (swift-corelibs-foundation `attemptProceedingWithDefaultCredential`),
/// and a delegate can only cancel it. So the exchange is finished here with the status and headers (the body is
/// lost), then the task is cancelled. The client already sent the credentials it has; a retry could not do better.
final class AuthenticationChallengeRefuser: NSObject, URLSessionTaskDelegate, Sendable {
    private let exchanges = Mutex<[Int: PendingExchange]>([:])

    func register(_ exchange: PendingExchange, taskIdentifier: Int) {
        exchanges.withLock { $0[taskIdentifier] = exchange }
    }

    func unregister(taskIdentifier: Int) {
        _ = exchanges.withLock { $0.removeValue(forKey: taskIdentifier) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        let exchange = exchanges.withLock { $0[task.taskIdentifier] }
        let failure = challenge.failureResponse as? HTTPURLResponse
        var headers: [String: String] = [:]
        for (key, value) in failure?.allHeaderFields ?? [:] {
            if let key = key as? String, let value = value as? String { headers[key] = value }
        }
        exchange?.finish(.success(HTTPClientResponse(status: failure?.statusCode ?? 401, headers: headers, body: [])))
        completionHandler(.cancelAuthenticationChallenge, nil)
    }
}
