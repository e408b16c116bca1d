/// The request line and header fields of one request, before its body is read.
struct HTTPRequestHead {
    var method: String
    var target: String
    var minorVersion: Int
    var headers: HTTPHeaders

    /// The body length announced by `Content-Length` (0 when absent).
    var contentLength: Int
    /// Whether the client wants the connection kept open after this exchange.
    var keepAlive: Bool
    /// Whether the client waits for `100 Continue` before sending the body.
    var expectsContinue: Bool
}

/// Parses request heads; pure, so the framing rules are tested without sockets.
enum HTTPRequestHeadParser {
    enum Result {
        /// More bytes are needed.
        case incomplete
        /// A head was parsed from the first `length` bytes.
        case complete(HTTPRequestHead, length: Int)
        case failure(HTTPServerError)
    }

    private static let crlfcrlf: [UInt8] = [13, 10, 13, 10]

    /// Looks for a complete head at the start of `bytes`.
    static func parse(_ bytes: ArraySlice<UInt8>, maxHeaderBytes: Int, maxBodyBytes: Int) -> Result {
        guard let end = headEnd(bytes) else {
            if bytes.count > maxHeaderBytes {
                return .failure(HTTPServerError(.headerTooLarge, "request head exceeds \(maxHeaderBytes) bytes"))
            }
            return .incomplete
        }
        let headLength = end - bytes.startIndex
        guard headLength <= maxHeaderBytes else {
            return .failure(HTTPServerError(.headerTooLarge, "request head exceeds \(maxHeaderBytes) bytes"))
        }
        do {
            let head = try parseHead(bytes[bytes.startIndex..<(end - 4)], maxBodyBytes: maxBodyBytes)
            return .complete(head, length: headLength)
        } catch {
            return .failure(error)
        }
    }

    /// The index just past the first CRLFCRLF, or `nil`.
    private static func headEnd(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var index = bytes.startIndex
        let last = bytes.endIndex - 4
        while index <= last {
            if bytes[index + 3] != 10 { index += bytes[index + 3] == 13 ? 1 : 4; continue }
            if bytes[index] == 13, bytes[index + 1] == 10, bytes[index + 2] == 13 { return index + 4 }
            index += 1
        }
        return nil
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>, maxBodyBytes: Int) throws(HTTPServerError) -> HTTPRequestHead {
        var lines = split(bytes)
        // RFC 9112 §2.2: ignore empty lines before the request line.
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        guard let requestLine = lines.first else { throw HTTPServerError(.badRequest, "missing request line") }
        let (method, target, minor) = try parseRequestLine(requestLine)
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            let (name, value) = try parseField(line)
            headers.add(name, value)
        }
        let contentLength = try parseContentLength(headers)
        if headers.contains("Transfer-Encoding") {
            throw HTTPServerError(.unsupportedTransferEncoding, "Transfer-Encoding request bodies are not supported; send Content-Length")
        }
        guard contentLength <= maxBodyBytes else {
            throw HTTPServerError(.bodyTooLarge, "request body of \(contentLength) bytes exceeds \(maxBodyBytes)")
        }
        let keepAlive = minor >= 1
            ? !headers.hasToken("close", in: "Connection")
            : headers.hasToken("keep-alive", in: "Connection")
        let expectsContinue = headers["Expect"].map { HTTPHeaders.namesMatch($0.trimmingSpaces, "100-continue") } ?? false
        return HTTPRequestHead(method: method, target: target, minorVersion: minor, headers: headers,
                               contentLength: contentLength, keepAlive: keepAlive, expectsContinue: expectsContinue)
    }

    private static func split(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == 10 {
                let end = index > start && bytes[index - 1] == 13 ? index - 1 : index
                lines.append(bytes[start..<end])
                start = index + 1
            }
            index += 1
        }
        lines.append(bytes[start..<bytes.endIndex])
        return lines
    }

    private static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPServerError) -> (String, String, Int) {
        let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenByte),
              !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 32 && $0 != 127 }) else {
            throw HTTPServerError(.badRequest, "malformed request line")
        }
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)), version[6] == UInt8(ascii: "."),
              (48...57).contains(version[5]), (48...57).contains(version[7]) else {
            throw HTTPServerError(.badRequest, "malformed HTTP version")
        }
        guard version[5] == UInt8(ascii: "1") else {
            throw HTTPServerError(.unsupportedVersion, "only HTTP/1.x is supported")
        }
        return (String(decoding: parts[0], as: UTF8.self), String(decoding: parts[1], as: UTF8.self), Int(version[7] - 48))
    }

    private static func parseField(_ line: ArraySlice<UInt8>) throws(HTTPServerError) -> (String, String) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
              line[line.startIndex..<colon].allSatisfy(isTokenByte) else {
            throw HTTPServerError(.badRequest, "malformed header field")
        }
        let value = line[(colon + 1)...]
        guard !value.contains(where: { $0 == 0 || $0 == 13 || $0 == 10 }) else {
            throw HTTPServerError(.badRequest, "invalid character in header value")
        }
        return (String(decoding: line[..<colon], as: UTF8.self),
                String(String(decoding: value, as: UTF8.self).trimmingSpaces))
    }

    private static func parseContentLength(_ headers: HTTPHeaders) throws(HTTPServerError) -> Int {
        let values = headers.values(for: "Content-Length")
            .flatMap { $0.split(separator: ",", omittingEmptySubsequences: false).map { String($0.trimmingSpaces) } }
        guard let first = values.first else { return 0 }
        // Differing or non-numeric lengths are a request-smuggling signal (RFC 9112 §6.3).
        guard values.allSatisfy({ $0 == first }), !first.isEmpty, first.utf8.count <= 18,
              first.utf8.allSatisfy({ (48...57).contains($0) }), let length = Int(first) else {
            throw HTTPServerError(.badRequest, "invalid Content-Length")
        }
        return length
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}
