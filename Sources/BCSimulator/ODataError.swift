import ExactJSON
import Foundation
import HTTPServer

/// Builds Business Central's error responses: `{"error":{"code":…,"message":"…  CorrelationId:  <guid>."}}`.
enum ODataError {
    static func response(_ status: Int, _ code: String, _ message: String, headers: HTTPHeaders = HTTPHeaders()) -> HTTPResponse {
        let correlation = UUID().uuidString.lowercased()
        let text = message.hasSuffix(".") ? message : message + "."
        let body = JSONValue.object([(key: "error", value: .object([
            (key: "code", value: .string(code)),
            (key: "message", value: .string("\(text)  CorrelationId:  \(correlation).")),
        ]))])
        var response = HTTPResponse.json(JSONWriter.bytes(body), status: status)
        response.headers.set("Content-Type", to: ODataResponse.contentType)
        response.headers.set("request-id", to: correlation)
        for field in headers { response.headers.set(field.name, to: field.value) }
        return response
    }

    static func notFound(_ message: String) -> HTTPResponse {
        response(404, "BadRequest_NotFound", message)
    }

    static func badRequest(_ message: String) -> HTTPResponse {
        response(400, "BadRequest", message)
    }

    /// An AL `Error()` raised by a page trigger.
    static func dialog(_ message: String) -> HTTPResponse {
        response(400, "Application_DialogException", message)
    }

    static func stringTooLong(_ value: String, limit: Int) -> HTTPResponse {
        response(400, "Application_StringExceededLength",
                 "The length of the string is \(value.count), but it must be less than or equal to \(limit) characters. Value: \(value)")
    }
}

/// Headers and bodies of successful OData responses.
enum ODataResponse {
    static let contentType = "application/json; odata.metadata=minimal; odata.streaming=true; IEEE754Compatible=false; charset=utf-8"

    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        var response = HTTPResponse.json(JSONWriter.bytes(value), status: status)
        response.headers.set("Content-Type", to: contentType)
        response.headers.set("OData-Version", to: "4.0")
        response.headers.set("request-id", to: UUID().uuidString.lowercased())
        return response
    }
}
