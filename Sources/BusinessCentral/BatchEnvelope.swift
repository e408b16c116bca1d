import ExactJSON

/// The JSON form of an OData `$batch` request and response, as Business Central v2.0 reads and writes it.
///
/// Request: `{"requests":[{"id":"1","method":"POST","url":"companies(…)/…","headers":{…},"body":{…}}, …]}` with
/// URLs relative to the API root. Response (200 whenever the batch parsed):
/// `{"responses":[{"id":"1","status":201,"headers":{…},"body":{…}}, …]}`; an operation BC did not run (it stops
/// at the first failure unless asked to continue) has no entry.
enum BatchEnvelope {
    /// One operation of a batch.
    struct Operation: Equatable {
        var id: String
        var method: String
        /// Relative to the API root.
        var path: String
        /// A JSON document, written into the envelope as is; `nil` for none.
        var body: String?
    }

    /// The request body for `operations`.
    static func body(_ operations: [Operation]) -> [UInt8] {
        var text = #"{"requests":["#
        for (index, operation) in operations.enumerated() {
            if index > 0 { text += "," }
            text += #"{"id":"# + JSONWriter.quoted(operation.id)
            text += #","method":"# + JSONWriter.quoted(operation.method)
            text += #","url":"# + JSONWriter.quoted(operation.path)
            if let body = operation.body {
                text += #","headers":{"Content-Type":"application/json"},"body":"# + body
            }
            text += "}"
        }
        text += "]}"
        return Array(text.utf8)
    }

    /// The operations' responses by id; `nil` when `body` is not a batch response. An entry without a readable
    /// status is left out (its operation's outcome is unknown).
    static func responses(_ body: [UInt8]) -> [String: HTTPClientResponse]? {
        guard let entries = JSONValue.parse(body)?["responses"]?.arrayValue else { return nil }
        var responses: [String: HTTPClientResponse] = [:]
        for entry in entries {
            guard let id = entry["id"]?.stringValue, let status = entry["status"]?.numberLiteral.flatMap(Int.init) else { continue }
            var headers: [String: String] = [:]
            if case let .object(members)? = entry["headers"] {
                for member in members { if let value = member.value.stringValue { headers[member.key] = value } }
            }
            var response = HTTPClientResponse(status: status, headers: headers, body: entry["body"].map { JSONWriter.bytes($0) } ?? [])
            response.parsedBody = entry["body"]
            responses[id] = response
        }
        return responses
    }
}
