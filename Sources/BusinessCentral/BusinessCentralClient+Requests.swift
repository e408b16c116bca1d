import Foundation
import Telemetry

extension BusinessCentralClient {
    /// One API call as the client's operations describe it.
    struct Call: Sendable {
        var operation: String
        var method: String
        var url: URL
        var body: String?
        /// A non-idempotent create: a 5xx/timeout then means "may have been applied".
        var isCreate = false
        /// Read from the primary database, not a lagging replica.
        var readWriteIntent = false
        /// Checked after the limiter admits the request, immediately before it is sent.
        var fence: (any RequestFence)?
    }

    /// Sends `call` through the limiter with a bearer token (renewed once after a 401) or, in Basic mode, the
    /// user's web service access key (a 401 is final: there is nothing to renew).
    ///
    /// Cancellation stops a request while it waits for a token or for the limiter (it was never sent); a create that
    /// was sent is not aborted (an aborted create is an unknown outcome), the caller gets its answer.
    ///
    /// - Returns: the 2xx response.
    /// - Throws: ``BusinessCentralError``, ``RequestFenced`` (never sent) or `CancellationError`.
    /// - Parameter admitted: the caller already holds a limiter slot and one budget unit for this request (a create
    ///   its batch dispatcher sends alone); a resend after a 401 acquires anew.
    func perform(_ call: Call, admitted: Bool = false) async throws -> HTTPClientResponse {
        var holdsAdmission = admitted
        let basic = basicAuthorization
        var renewedAfter401 = basic != nil && configuration.webServiceKeyFile == nil
        var token: Secret?
        do {
            token = basic == nil ? try await tokenProvider.accessToken() : nil
        } catch {
            if holdsAdmission {
                limiter.unadmit(units: 1)
                limiter.release(.neutral, units: 0)
            }
            throw error
        }
        var basicUsed = basic
        while true {
            let authorization = basicUsed?.reveal() ?? "Bearer " + (token?.reveal() ?? "")
            var headers = [("Authorization", authorization), ("Accept", "application/json")]
            if call.body != nil { headers.append(("Content-Type", "application/json")) }
            if call.readWriteIntent { headers.append(("Data-Access-Intent", "ReadWrite")) }
            let request = HTTPClientRequest(method: call.method, url: call.url, headers: headers, body: call.body.map { Array($0.utf8) })

            if holdsAdmission { holdsAdmission = false } else { try await limiter.acquire() }
            do {
                try Task.checkCancellation()
                try call.fence?.checkBeforeSending()
            } catch {
                limiter.release(.neutral)
                throw error
            }
            let started = clock.uptime()
            let response: HTTPClientResponse
            do {
                if call.isCreate {
                    // An unstructured task does not inherit cancellation: once sent, a create runs to its answer.
                    let transport = self.transport, timeout = configuration.requestTimeout
                    response = try await Task { try await transport.send(request, timeout: timeout) }.value
                } else {
                    response = try await transport.send(request, timeout: configuration.requestTimeout)
                }
            } catch {
                limiter.release(.neutral)
                if error is CancellationError { throw error }
                let transportError = error as? HTTPTransportError ?? .other(String(describing: type(of: error)))
                let failure = ErrorClassifier.classify(transportError: transportError, isCreate: call.isCreate)
                report(call, statusClass: BCRequestEvent.statusClass(for: transportError), status: nil, duration: clock.uptime() - started, failure: failure)
                throw failure
            }
            let duration = clock.uptime() - started

            if response.status == 401 && !renewedAfter401 {
                // BC refused the token before executing anything, so even a create is safe to resend.
                limiter.release(.neutral)
                report(call, statusClass: "4xx", status: 401, duration: duration, failure: nil, renewing: true)
                renewedAfter401 = true
                if let rejected = token { token = try await tokenProvider.renewal(afterRejecting: rejected) }
                if let used = basicUsed {
                    // Basic has no token: only a rotated key file can change the answer. Retry once if it did.
                    guard let fresh = rotatedBasicCredentials(replacing: used) else {
                        throw ErrorClassifier.classify(status: 401, headers: response.headers, body: response.body, isCreate: call.isCreate, now: clock.now())
                            ?? BusinessCentralError(kind: .authentication, message: "HTTP 401", httpStatus: 401)
                    }
                    basicUsed = fresh
                }
                continue
            }

            let failure = ErrorClassifier.classify(status: response.status, headers: response.headers, body: response.body, isCreate: call.isCreate, now: clock.now())
            switch failure {
            case nil: limiter.release(.success)
            case let failure? where response.status == 429: limiter.release(.throttled(retryAfter: failure.retryAfter))
            default: limiter.release(.neutral)
            }
            report(call, statusClass: BCRequestEvent.statusClass(for: response.status), status: response.status, duration: duration, failure: failure)
            if let failure { throw failure }
            return response
        }
    }

    /// The Basic credentials from the key file if it now holds another key than `used` (they replace the cached ones).
    private func rotatedBasicCredentials(replacing used: Secret) -> Secret? {
        guard let path = configuration.webServiceKeyFile, case let .basic(userName, _) = configuration.authentication,
              let key = try? Secret.fromFile(path, setting: "BC_WEB_SERVICE_KEY_FILE") else { return nil }
        let fresh = BusinessCentralAuthentication.basic(userName: userName, webServiceAccessKey: key).basicAuthorization!
        guard fresh != used else { return nil }
        basicCredentials.withLock { $0 = fresh }
        logger.notice("bc.web_service_key.reloaded", [:])
        return fresh
    }

    func report(_ call: Call, statusClass: String, status: Int?, duration: Duration, failure: BusinessCentralError?, renewing: Bool = false) {
        observer?(BCRequestEvent(
            operation: call.operation,
            statusClass: statusClass,
            httpStatus: status,
            duration: duration,
            errorKind: renewing ? .authentication : failure?.kind
        ))
        var metadata = [
            "bc.operation": call.operation,
            "bc.status": status.map(String.init) ?? statusClass,
            "bc.duration_ms": String(Int(duration / .milliseconds(1))),
        ]
        if renewing {
            logger.notice("bc.request.unauthorized_renewing_token", metadata)
            return
        }
        guard let failure else {
            logger.debug("bc.request", metadata)
            return
        }
        metadata["bc.error_kind"] = failure.kind.rawValue
        metadata["bc.error_code"] = failure.code ?? ""
        metadata["bc.message"] = failure.message
        // Credentials refused is an operator problem (error); a refused payment is the event's problem and the relay
        // logs it once per event (notice here); transient failures are retried (warning).
        let level: LogLevel = switch failure.kind {
        case .authentication: .error
        case .permanent: .notice
        default: .warning
        }
        logger.log(level, "bc.request.failed", metadata)
    }
}
