/// A parsed HTTP/1.1 request as handed to a server handler.
public struct HTTPRequest: Sendable {
    /// The method token, case-sensitive as sent (`GET`, `POST`, ...).
    public var method: String
    /// The raw request-target from the request line (`/a%20b?x=1`).
    public var target: String
    /// The percent-decoded path without the query (`/a b`).
    public var path: String
    /// The query parameters in order, percent-decoded; `+` stays `+` (only form bodies treat it as a space).
    public var queryItems: [(name: String, value: String)]
    /// The request header fields.
    public var headers: HTTPHeaders
    /// The request body (framed by `Content-Length`).
    public var body: [UInt8]
    /// The peer as `host:port` (`[v6]:port` for IPv6).
    public var remoteAddress: String

    /// Creates a request; the server builds these, tests and in-process callers may too.
    public init(method: String, target: String, path: String, queryItems: [(name: String, value: String)] = [],
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "") {
        self.method = method
        self.target = target
        self.path = path
        self.queryItems = queryItems
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
    }

    /// Creates a request from a raw target, decoding its path and query.
    /// - Throws: ``HTTPServerError`` when the target holds an invalid percent-escape.
    public init(method: String, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [],
                remoteAddress: String = "") throws(HTTPServerError) {
        guard let parts = RequestTarget(target) else { throw HTTPServerError(.badRequest, "invalid request target") }
        self.init(method: method, target: target, path: parts.path, queryItems: parts.queryItems, headers: headers,
                  body: body, remoteAddress: remoteAddress)
    }

    /// The first value of the query parameter `name`, or `nil`.
    public func queryValue(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// The body decoded as UTF-8 (invalid sequences replaced).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
