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

    /// Looks for a complete head at the start of `bytes`.
    ///
    /// Line ends may be CRLF or a bare LF (RFC 9112 §2.2 allows a recipient to accept a bare LF, and a client that
    /// sends one must get an answer, not a wait for the read timeout). Empty lines before the request line are
    /// skipped (RFC 9112 §2.2) but count towards `maxHeaderBytes`, so a stream of them cannot grow the buffer forever.
    static func parse(_ bytes: ArraySlice<UInt8>, maxHeaderBytes: Int, maxBodyBytes: Int) -> Result {
        var start = bytes.startIndex
        while start < bytes.endIndex, bytes[start] == 13 || bytes[start] == 10 { start += 1 }
        guard let end = headEnd(bytes[start...]) else {
            if bytes.count > maxHeaderBytes {
                return .failure(HTTPServerError(.headerTooLarge, "request head exceeds \(maxHeaderBytes) bytes"))
            }
            return .incomplete
        }
        let headLength = end.afterBlankLine - bytes.startIndex
        guard headLength <= maxHeaderBytes else {
            return .failure(HTTPServerError(.headerTooLarge, "request head exceeds \(maxHeaderBytes) bytes"))
        }
        let fieldsEnd = bytes[end.lastLineEnd - 1] == 13 ? end.lastLineEnd - 1 : end.lastLineEnd
        do {
            let head = try parseHead(bytes[start..<fieldsEnd], maxBodyBytes: maxBodyBytes)
            return .complete(head, length: headLength)
        } catch {
            return .failure(error)
        }
    }

    /// Where the head ends: the end of its last field line, and just past the blank line that follows it
    /// (`\n\n`, `\n\r\n`), or `nil` when no blank line has arrived yet.
    private static func headEnd(_ bytes: ArraySlice<UInt8>) -> (lastLineEnd: Int, afterBlankLine: Int)? {
        var index = bytes.startIndex
        while let lineFeed = bytes[index...].firstIndex(of: 10) {
            let next = lineFeed + 1
            if next < bytes.endIndex, bytes[next] == 10 { return (lineFeed, next + 1) }
            if next + 1 < bytes.endIndex, bytes[next] == 13, bytes[next + 1] == 10 { return (lineFeed, next + 2) }
            index = next
        }
        return nil
    }

    private static func parseHead(_ bytes: ArraySlice<UInt8>, maxBodyBytes: Int) throws(HTTPServerError) -> HTTPRequestHead {
        let lines = split(bytes)
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
