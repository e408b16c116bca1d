import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

extension AuthenticationChallengeRefuser {
    /// Refuses every redirect, so the 3xx itself is the response (``URLSessionTransport`` turns it into a clear
    /// error naming the location).
    ///
    /// Why: URLSession follows a redirect with the request's own headers, so a 307 to another host would receive
    /// the bearer token or the Basic web-service key, and an https → http redirect would send them in clear text.
    /// Business Central and Entra never redirect an API or token request; a redirect means a wrong URL or a hostile
    /// network.
    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @Sendable @escaping (URLRequest?) -> Void) {
        completionHandler(nil)
    }
}
