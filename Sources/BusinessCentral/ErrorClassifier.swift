import Foundation

/// Turns a Business Central response or a transport failure into a ``BusinessCentralError``; pure.
///
/// Order: the OData `error.code` when it is specific (conflicts, server/lock errors, credentials), then the status
/// (429, 408/5xx), then the `BadRequest_*`/`Application_*` prefixes and the remaining 4xx. On a create, every
/// transient-looking 408/5xx becomes ``BusinessCentralError/Kind/outcomeUnknown``: a gateway may answer while BC is
/// still executing, so the line may exist.
public enum ErrorClassifier {
    /// `nil` for a 2xx status; otherwise the classified error.
    ///
    /// - Parameters:
    ///   - isCreate: whether the request was a non-idempotent create (POST of a line or journal).
    ///   - now: the current time, for an HTTP-date `Retry-After`.
    public static func classify(status: Int, headers: [String: String], body: [UInt8], isCreate: Bool, now: Date) -> BusinessCentralError? {
        guard !(200..<300).contains(status) else { return nil }
        let odata = ODataErrorBody(parsing: body)
        let code = odata.code
        let message = MessageText.truncated(odata.message ?? MessageText.excerpt(of: body) ?? "HTTP \(status)")
        let retryAfter = RetryAfterParser.delay(HTTPClientResponse(status: status, headers: headers).header("Retry-After"), now: now)
        func error(_ kind: BusinessCentralError.Kind) -> BusinessCentralError {
            BusinessCentralError(kind: kind, code: code, message: message, httpStatus: status, retryAfter: retryAfter)
        }
        let mayBeApplied = isCreate && (status == 408 || status >= 500)

        switch code {
        case "Internal_EntityWithSameKeyExists", "Request_EntityChanged":
            return error(.conflict)
        case "Internal_ServerError", "Internal_TenantUnavailable":
            return error(mayBeApplied ? .outcomeUnknown : .transient)
        case "Authentication_InvalidCredentials":
            return error(.authentication)
        default:
            break
        }
        if isLockTimeout(message) { return error(mayBeApplied ? .outcomeUnknown : .transient) }

        switch status {
        case 429:
            return error(.throttled)
        case 408, 500...599:
            return error(mayBeApplied ? .outcomeUnknown : .transient)
        case 401:
            return error(.authentication)
        case 409, 412:
            // A 409/412 without a known code is still BC refusing on a key or an ETag: nothing was applied.
            return error(.conflict)
        default:
            // BadRequest_*, Application_* (400), 403, 404, 405, 413 and any other status: the request is wrong.
            return error(.permanent)
        }
    }

    /// Classifies a failure to get any response.
    ///
    /// `cannotConnect` was never sent → transient. A timeout or lost connection may have been applied →
    /// outcome-unknown on a create, transient on a read.
    public static func classify(transportError: HTTPTransportError, isCreate: Bool) -> BusinessCentralError {
        switch transportError {
        case .cannotConnect(let reason):
            return BusinessCentralError(kind: .transient, code: "CannotConnect", message: MessageText.truncated(reason))
        case .timedOut:
            return BusinessCentralError(kind: isCreate ? .outcomeUnknown : .transient, code: "Timeout", message: "no response before the request timeout")
        case .connectionLost(let reason):
            return BusinessCentralError(kind: isCreate ? .outcomeUnknown : .transient, code: "ConnectionLost", message: MessageText.truncated(reason))
        case .other(let reason):
            return BusinessCentralError(kind: isCreate ? .outcomeUnknown : .transient, code: "TransportError", message: MessageText.truncated(reason))
        }
    }

    /// BC reports lock timeouts as text ("... was locked by another user ..."), under varying codes.
    static func isLockTimeout(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("locked by another user") || lower.contains("lock timeout") || lower.contains("deadlock")
    }
}
