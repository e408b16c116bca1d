/// A response produced by a server handler.
///
/// The server adds `Date`, `Content-Length` and, when it closes the connection, `Connection: close`;
/// a handler that sets `Connection: close` makes the server close after writing.
public struct HTTPResponse: Sendable {
    /// The status code.
    public var status: Int
    /// Header fields; `Content-Length` and `Transfer-Encoding` are ignored (the server frames the body itself).
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]
    /// Whether the server should drop the connection without writing anything (see ``dropConnection``).
    public var dropsConnection: Bool

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
        self.dropsConnection = false
    }

    /// A plain-text (`text/plain; charset=utf-8`) response.
    public static func text(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Array(text.utf8))
    }

    /// A JSON (`application/json; charset=utf-8`) response from encoded bytes.
    public static func json(_ bytes: [UInt8], status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": "application/json; charset=utf-8"], body: bytes)
    }

    /// A JSON (`application/json; charset=utf-8`) response from a JSON text.
    public static func json(_ text: String, status: Int = 200) -> HTTPResponse {
        json(Array(text.utf8), status: status)
    }

    /// A response without a body (`204 No Content` by default).
    public static func empty(status: Int = 204) -> HTTPResponse {
        HTTPResponse(status: status)
    }

    /// A marker result: the server closes the connection with a TCP reset and writes no response, as when a
    /// peer or proxy fails after the request was processed.
    public static var dropConnection: HTTPResponse {
        var response = HTTPResponse(status: 0)
        response.dropsConnection = true
        return response
    }
}
