/// Turns a response into the bytes of a status line, header fields and body.
enum HTTPResponseSerializer {
    static func serialize(_ response: HTTPResponse, keepAlive: Bool, minorVersion: Int, isHead: Bool,
                          date: String = HTTPDate.now()) -> [UInt8] {
        var head = "HTTP/1.1 \(response.status) \(HTTPStatus.reason(response.status))\r\nDate: \(date)\r\n"
        let bodyAllowed = !HTTPStatus.forbidsBody(response.status)
        if bodyAllowed {
            head += "Content-Length: \(response.body.count)\r\n"
        }
        for field in response.headers where !isFramingField(field.name) {
            head += "\(field.name): \(field.value)\r\n"
        }
        if !keepAlive {
            head += "Connection: close\r\n"
        } else if minorVersion == 0 {
            head += "Connection: keep-alive\r\n"
        }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if bodyAllowed && !isHead {
            bytes.append(contentsOf: response.body)
        }
        return bytes
    }

    /// Fields the server owns: a handler cannot desynchronise framing or the connection state.
    private static func isFramingField(_ name: String) -> Bool {
        HTTPHeaders.namesMatch(name, "Content-Length") || HTTPHeaders.namesMatch(name, "Transfer-Encoding")
            || HTTPHeaders.namesMatch(name, "Connection") || HTTPHeaders.namesMatch(name, "Date")
    }

    /// The interim response that lets a client waiting on `Expect: 100-continue` send its body.
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// A short plain-text error answered by the server itself (it always closes afterwards).
    static func error(_ status: Int, _ message: String, headers: [(String, String)] = []) -> [UInt8] {
        var response = HTTPResponse.text(message + "\n", status: status)
        for (name, value) in headers { response.headers.set(name, to: value) }
        return serialize(response, keepAlive: false, minorVersion: 1, isHead: false)
    }
}
