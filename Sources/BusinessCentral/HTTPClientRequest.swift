import Foundation

/// One HTTP request as the client hands it to an ``HTTPClientTransport``.
///
/// `description` hides the `Authorization` header so a request can be logged or printed safely.
public struct HTTPClientRequest: Sendable, CustomStringConvertible {
    /// `GET`, `POST`, ...
    public var method: String
    /// The absolute URL, query included.
    public var url: URL
    /// Header fields in sending order.
    public var headers: [(String, String)]
    /// The body, or `nil` for none.
    public var body: [UInt8]?

    /// Creates a request.
    public init(method: String, url: URL, headers: [(String, String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The first value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
    }

    public var description: String {
        let shown = headers.map { name, value in
            name.caseInsensitiveCompare("Authorization") == .orderedSame ? "\(name): <redacted>" : "\(name): \(value)"
        }
        return "\(method) \(URLRedaction.redacted(url)) [\(shown.joined(separator: ", "))] body: \(body?.count ?? 0) bytes"
    }
}
