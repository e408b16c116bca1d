import ExactJSON
import Foundation
import Telemetry

extension TokenProvider {
    /// POSTs the client-credentials form to the token endpoint and classifies the answer.
    func fetchToken() async throws -> CachedToken {
        let form = PercentEncoding.formBody([
            ("grant_type", "client_credentials"),
            ("client_id", configuration.clientId),
            ("client_secret", currentClientSecret().reveal()),
            ("scope", configuration.scope),
        ])
        let request = HTTPClientRequest(
            method: "POST",
            url: configuration.tokenURL,
            headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")],
            body: Array(form.utf8)
        )
        let issuedAt = clock.now()
        let clock = ContinuousClock()
        let started = clock.now
        let response: HTTPClientResponse
        do {
            response = try await transport.send(request, timeout: configuration.requestTimeout)
        } catch let error as HTTPTransportError {
            // A token request changes nothing server-side, so even a timeout is simply transient.
            var failure = ErrorClassifier.classify(transportError: error, isCreate: false)
            failure.message = "token endpoint: " + failure.message
            report(BCRequestEvent(operation: "token", statusClass: BCRequestEvent.statusClass(for: error), httpStatus: nil, duration: clock.now - started, errorKind: failure.kind), failure)
            throw failure
        }
        let duration = clock.now - started
        let outcome = Self.interpret(response, issuedAt: issuedAt, renewalMargin: configuration.tokenRenewalMargin, now: issuedAt)
        switch outcome {
        case .success(let token):
            report(BCRequestEvent(operation: "token", statusClass: "2xx", httpStatus: response.status, duration: duration, errorKind: nil), nil)
            logger.info("bc.token.renewed", ["bc.token.expires_at": TimestampFormat.rfc3339(token.expiresAt)])
            return token
        case .failure(var failure):
            failure.message = redacted(failure.message)
            report(BCRequestEvent(operation: "token", statusClass: BCRequestEvent.statusClass(for: response.status), httpStatus: response.status, duration: duration, errorKind: failure.kind), failure)
            throw failure
        }
    }

    /// The client secret as the mounted file holds it now (rotation without a restart), else the configured one.
    func currentClientSecret() -> Secret {
        guard let path = configuration.clientSecretFile else { return configuration.clientSecret }
        do {
            return try Secret.fromFile(path, setting: "BC_CLIENT_SECRET_FILE")
        } catch {
            logger.warning("bc.secret_file.unreadable", ["bc.error": "\(error)"])
            return configuration.clientSecret
        }
    }

    /// Interprets a token endpoint response; pure.
    static func interpret(_ response: HTTPClientResponse, issuedAt: Date, renewalMargin: Duration, now: Date) -> Result<CachedToken, BusinessCentralError> {
        let json = JSONValue.parse(response.body)
        if (200..<300).contains(response.status) {
            guard let token = json?["access_token"]?.stringValue, !token.isEmpty else {
                return .failure(BusinessCentralError(kind: .transient, code: "InvalidTokenResponse", message: "token endpoint answered \(response.status) without an access_token", httpStatus: response.status))
            }
            let expiresIn = (json?["expires_in"]?.numberLiteral ?? json?["expires_in"]?.stringValue).flatMap(Double.init)
            // Entra always sends expires_in; without it assume a short life rather than a long one.
            let lifetime = max(1, expiresIn ?? 300)
            return .success(CachedToken(token: Secret(token), issuedAt: issuedAt, lifetime: lifetime, renewalMargin: renewalMargin))
        }
        let oauthError = json?["error"]?.stringValue
        let description = json?["error_description"]?.stringValue ?? MessageText.excerpt(of: response.body)
        let message = MessageText.truncated("token endpoint: " + (description ?? "HTTP \(response.status)"), to: 300)
        let retryAfter = RetryAfterParser.delay(response.header("Retry-After"), now: now)
        let kind: BusinessCentralError.Kind = switch response.status {
        case 400, 401, 403: .authentication
        case 429: .throttled
        case 408, 500...599: .transient
        default: .permanent
        }
        return .failure(BusinessCentralError(kind: kind, code: oauthError, message: message, httpStatus: response.status, retryAfter: retryAfter))
    }

    private func redacted(_ text: String) -> String {
        let secret = configuration.clientSecret.reveal()
        return secret.isEmpty ? text : text.replacingOccurrences(of: secret, with: "<redacted>")
    }

    private func report(_ event: BCRequestEvent, _ failure: BusinessCentralError?) {
        observer?(event)
        guard let failure else { return }
        logger.log(failure.kind == .authentication ? .error : .warning, "bc.token.failed", [
            "bc.operation": "token",
            "bc.status": failure.httpStatus.map(String.init) ?? event.statusClass,
            "bc.error_kind": failure.kind.rawValue,
            "bc.error_code": failure.code ?? "",
            "bc.message": failure.message,
        ])
    }
}
