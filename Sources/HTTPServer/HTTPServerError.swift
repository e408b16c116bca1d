/// An error raised by the HTTP server: a failure to start, or a request rejected while parsing.
public struct HTTPServerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, as an extensible code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        /// The status a parse failure is answered with (0 for start-up failures).
        public let status: Int

        public var description: String { name }

        public static let bindFailed = Code(name: "bind_failed", status: 0)
        public static let socketFailed = Code(name: "socket_failed", status: 0)
        public static let alreadyStarted = Code(name: "already_started", status: 0)
        public static let badRequest = Code(name: "bad_request", status: 400)
        public static let headerTooLarge = Code(name: "header_too_large", status: 431)
        public static let bodyTooLarge = Code(name: "body_too_large", status: 413)
        public static let unsupportedTransferEncoding = Code(name: "unsupported_transfer_encoding", status: 501)
        public static let unsupportedVersion = Code(name: "unsupported_version", status: 505)
    }

    /// The error code.
    public var code: Code
    /// A human-readable explanation (never contains request bodies).
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
