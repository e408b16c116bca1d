import ExactJSON

/// The `{"error":{"code":"...","message":"..."}}` body Business Central sends with an error status.
struct ODataErrorBody: Sendable, Equatable {
    var code: String?
    var message: String?

    /// Parses `body`; a body that is not an OData error yields both fields `nil`.
    init(parsing body: [UInt8]) {
        let error = JSONValue.parse(body)?["error"]
        code = error?["code"]?.stringValue
        message = error?["message"]?.stringValue
    }
}

/// Shortens text for error messages and logs, keeping the start (BC puts the meaning first, the CorrelationId last).
enum MessageText {
    static let maximumLength = 500

    static func truncated(_ text: String, to limit: Int = maximumLength) -> String {
        let singleLine = text.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
        guard singleLine.count > limit else { return singleLine }
        return String(singleLine.prefix(limit)) + "…"
    }

    /// A readable excerpt of a non-OData body (an HTML gateway page, plain text), or `nil` when it is empty.
    static func excerpt(of body: [UInt8]) -> String? {
        guard !body.isEmpty else { return nil }
        let text = String(decoding: body.prefix(4096), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : truncated(text, to: 200)
    }
}
