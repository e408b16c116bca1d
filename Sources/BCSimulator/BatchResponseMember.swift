import ExactJSON
import HTTPServer

/// One member of a `$batch` answer's `responses`: `{"id":"1","status":201,"headers":{…},"body":{…}}`.
enum BatchResponseMember {
    /// The plain response of operation `id`, as a member of `responses`: its status, its headers (names
    /// lower-cased, `Retry-After` included when the plain response carries it) and its body (JSON as JSON, a text
    /// body such as a gateway's as a string, as OData's JSON batch format writes non-JSON media types; no member
    /// when empty).
    static func json(id: String, _ response: HTTPResponse) -> JSONValue {
        var headers: [(key: String, value: JSONValue)] = []
        for field in response.headers where !headers.contains(where: { $0.key == field.name.lowercased() }) {
            headers.append((key: field.name.lowercased(), value: .string(field.value)))
        }
        var members: [(key: String, value: JSONValue)] = [
            (key: "id", value: .string(id)),
            (key: "status", value: .number(String(response.status))),
            (key: "headers", value: .object(headers)),
        ]
        if !response.body.isEmpty {
            let isJSON = response.headers["Content-Type"]?.lowercased().contains("json") ?? false
            let body = isJSON ? JSONValue.parse(response.body) : nil
            members.append((key: "body", value: body ?? .string(String(decoding: response.body, as: UTF8.self))))
        }
        return .object(members)
    }
}
