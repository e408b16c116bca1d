import ExactJSON

/// One HTTP response as an ``HTTPClientTransport`` returns it.
public struct HTTPClientResponse: Sendable, Equatable {
    /// The status code.
    public var status: Int
    /// Header fields; use ``header(_:)`` for a case-insensitive lookup.
    public var headers: [String: String]
    /// The complete body.
    public var body: [UInt8]
    /// The body already parsed, when the client had to parse it anyway (an operation's answer inside a `$batch`).
    var parsedBody: JSONValue?

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        if let exact = headers[name] { return exact }
        return headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}
