import BusinessCentral
import Foundation
import Testing

/// The error-mapping table: status × OData code × create/read → kind.
@Suite struct ErrorClassifierTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var status: Int
        var code: String?
        var message = "Something went wrong."
        var read: BusinessCentralError.Kind?
        var create: BusinessCentralError.Kind?
        var testDescription: String { "\(status) \(code ?? "-") \(message.prefix(30))" }
    }

    static let table: [Row] = [
        Row(status: 200, code: nil, read: nil, create: nil),
        Row(status: 201, code: nil, read: nil, create: nil),
        Row(status: 204, code: nil, read: nil, create: nil),
        // Conflicts: the code decides, whichever status BC picks (400 vs 409 is UNCONFIRMED; 412 too).
        Row(status: 400, code: "Internal_EntityWithSameKeyExists", read: .conflict, create: .conflict),
        Row(status: 409, code: "Internal_EntityWithSameKeyExists", read: .conflict, create: .conflict),
        Row(status: 409, code: "Request_EntityChanged", read: .conflict, create: .conflict),
        Row(status: 412, code: "Request_EntityChanged", read: .conflict, create: .conflict),
        Row(status: 409, code: nil, read: .conflict, create: .conflict),
        Row(status: 412, code: nil, read: .conflict, create: .conflict),
        // Server errors: retry a read; a create may have been applied.
        Row(status: 500, code: "Internal_ServerError", read: .transient, create: .outcomeUnknown),
        Row(status: 503, code: "Internal_TenantUnavailable", read: .transient, create: .outcomeUnknown),
        Row(status: 400, code: "Internal_ServerError", read: .transient, create: .transient),
        Row(status: 409, code: "Application_DialogException", message: "The Gen. Journal Line table was locked by another user. Try again later.", read: .transient, create: .transient),
        Row(status: 500, code: "Unknown", message: "We just had to wait for a lock timeout", read: .transient, create: .outcomeUnknown),
        Row(status: 500, code: nil, read: .transient, create: .outcomeUnknown),
        Row(status: 408, code: nil, read: .transient, create: .outcomeUnknown),
        Row(status: 502, code: nil, read: .transient, create: .outcomeUnknown),
        Row(status: 503, code: nil, read: .transient, create: .outcomeUnknown),
        Row(status: 504, code: nil, read: .transient, create: .outcomeUnknown),
        // Throttling: refused before execution, so never outcome-unknown.
        Row(status: 429, code: nil, read: .throttled, create: .throttled),
        Row(status: 429, code: "Application_TooManyRequests", read: .throttled, create: .throttled),
        // Wrong request or data: permanent.
        Row(status: 400, code: "BadRequest_InvalidToken", read: .permanent, create: .permanent),
        Row(status: 400, code: "Application_StringExceededLength", read: .permanent, create: .permanent),
        Row(status: 400, code: "Application_DialogException", read: .permanent, create: .permanent),
        Row(status: 400, code: nil, read: .permanent, create: .permanent),
        Row(status: 403, code: nil, read: .permanent, create: .permanent),
        Row(status: 404, code: "BadRequest_NotFound", read: .permanent, create: .permanent),
        Row(status: 405, code: nil, read: .permanent, create: .permanent),
        Row(status: 413, code: nil, read: .permanent, create: .permanent),
        Row(status: 422, code: nil, read: .permanent, create: .permanent),
        Row(status: 302, code: nil, read: .permanent, create: .permanent),
        // Credentials.
        Row(status: 401, code: "Authentication_InvalidCredentials", read: .authentication, create: .authentication),
        Row(status: 401, code: nil, read: .authentication, create: .authentication),
    ]

    @Test(arguments: table)
    func classifiesByCodeFirstThenStatus(row: Row) {
        let body: [UInt8] = row.code.map { Array(#"{"error":{"code":"\#($0)","message":"\#(row.message)  CorrelationId:  abc."}}"#.utf8) } ?? []
        let read = ErrorClassifier.classify(status: row.status, headers: [:], body: body, isCreate: false, now: Date())
        let create = ErrorClassifier.classify(status: row.status, headers: [:], body: body, isCreate: true, now: Date())
        #expect(read?.kind == row.read)
        #expect(create?.kind == row.create)
        if let read {
            #expect(read.httpStatus == row.status)
            #expect(read.code == row.code)
        }
    }

    @Test func messageKeepsBCTextWithCorrelationIdAndIsTruncated() {
        let long = String(repeating: "x", count: 5000)
        let body = Array(#"{"error":{"code":"Application_StringExceededLength","message":"The length of the string is 57.  CorrelationId:  c0ffee."}}"#.utf8)
        let error = ErrorClassifier.classify(status: 400, headers: [:], body: body, isCreate: true, now: Date())
        #expect(error?.message == "The length of the string is 57.  CorrelationId:  c0ffee.")
        #expect(error?.description == "Business Central permanent error (HTTP 400) Application_StringExceededLength: The length of the string is 57.  CorrelationId:  c0ffee.")
        let huge = ErrorClassifier.classify(status: 400, headers: [:], body: Array(#"{"error":{"code":"X","message":"\#(long)"}}"#.utf8), isCreate: false, now: Date())
        #expect((huge?.message.count ?? 0) <= 501)
    }

    @Test func unparseableBodiesStillClassifyByStatus() {
        let html = Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8)
        let error = ErrorClassifier.classify(status: 502, headers: ["retry-after": "30"], body: html, isCreate: false, now: Date())
        #expect(error?.kind == .transient)
        #expect(error?.code == nil)
        #expect(error?.message.contains("502 Bad Gateway") == true)
        #expect(error?.retryAfter == .seconds(30))
        let empty = ErrorClassifier.classify(status: 404, headers: [:], body: [], isCreate: false, now: Date())
        #expect(empty?.kind == .permanent)
        #expect(empty?.message == "HTTP 404")
        let truncatedJSON = ErrorClassifier.classify(status: 409, headers: [:], body: Array(#"{"error":{"code":"Request_Entity"#.utf8), isCreate: true, now: Date())
        #expect(truncatedJSON?.kind == .conflict)
    }

    @Test func throttledCarriesRetryAfterWhenPresentAndNilWhenNot() {
        let now = Date(timeIntervalSince1970: 1_792_567_680) // Wed, 21 Oct 2026 07:28:00 GMT
        let seconds = ErrorClassifier.classify(status: 429, headers: ["Retry-After": "120"], body: [], isCreate: true, now: now)
        #expect(seconds?.kind == .throttled)
        #expect(seconds?.retryAfter == .seconds(120))
        let date = ErrorClassifier.classify(status: 503, headers: ["Retry-After": "Wed, 21 Oct 2026 07:28:30 GMT"], body: [], isCreate: false, now: now)
        #expect(date?.retryAfter == .seconds(30))
        let none = ErrorClassifier.classify(status: 429, headers: [:], body: [], isCreate: false, now: now)
        #expect(none?.kind == .throttled)
        #expect(none?.retryAfter == nil)
    }

    @Test(arguments: [
        (HTTPTransportError.cannotConnect("refused"), BusinessCentralError.Kind.transient, BusinessCentralError.Kind.transient, "CannotConnect"),
        (.timedOut, .transient, .outcomeUnknown, "Timeout"),
        (.connectionLost("reset"), .transient, .outcomeUnknown, "ConnectionLost"),
        (.other("weird"), .transient, .outcomeUnknown, "TransportError"),
    ])
    func transportFailuresAreOutcomeUnknownOnlyWhenACreateMayHaveBeenSent(error: HTTPTransportError, read: BusinessCentralError.Kind, create: BusinessCentralError.Kind, code: String) {
        #expect(ErrorClassifier.classify(transportError: error, isCreate: false).kind == read)
        #expect(ErrorClassifier.classify(transportError: error, isCreate: true).kind == create)
        #expect(ErrorClassifier.classify(transportError: error, isCreate: true).code == code)
        #expect(ErrorClassifier.classify(transportError: error, isCreate: true).httpStatus == nil)
    }
}
