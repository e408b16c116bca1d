import Telemetry

/// Serves the requests of one connection on its own thread, in order, until either side closes.
struct HTTPConnection {
    let socket: Socket
    let remoteAddress: String
    let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    let logger: Logger
    /// Tells the server the connection waits on its client again (it may then be evicted when the server is full).
    let markWaiting: @Sendable () -> Void
    /// Tells the server a complete request head arrived (the connection is no longer evictable).
    let markServing: @Sendable () -> Void

    private enum Ending {
        case keepOpen
        case close
        /// Answered an error: stop writing but drain what the client still sends, so it reads our answer
        /// instead of a reset.
        case lingeringClose
        case reset
    }

    func run() {
        var buffer: [UInt8] = []
        buffer.reserveCapacity(4096)
        var scratch = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            switch serveOne(&buffer, &scratch) {
            case .keepOpen:
                markWaiting()
                continue
            case .close:
                return
            case .lingeringClose:
                socket.shutdownWrite()
                drain(&scratch)
                return
            case .reset:
                socket.setResetOnClose()
                return
            }
        }
    }

    private func serveOne(_ buffer: inout [UInt8], _ scratch: inout [UInt8]) -> Ending {
        let idleDeadline = ContinuousClock.now.advanced(by: configuration.keepAliveIdleTimeout)
        var requestDeadline = buffer.isEmpty ? nil : ContinuousClock.now.advanced(by: configuration.readTimeout)
        let head: HTTPRequestHead
        let headLength: Int
        readHead: while true {
            switch HTTPRequestHeadParser.parse(buffer[...], maxHeaderBytes: configuration.maxHeaderBytes,
                                               maxBodyBytes: configuration.maxBodyBytes) {
            case .complete(let parsed, let length):
                head = parsed
                headLength = length
                break readHead
            case .failure(let error):
                return reject(error.code.status, error.message)
            case .incomplete:
                switch socket.read(into: &buffer, scratch: &scratch, deadline: requestDeadline ?? idleDeadline) {
                case .bytes:
                    if requestDeadline == nil { requestDeadline = ContinuousClock.now.advanced(by: configuration.readTimeout) }
                case .endOfStream, .failed:
                    return .close
                case .timedOut:
                    // An idle keep-alive connection just ends; a half-sent request gets a 408.
                    return requestDeadline == nil ? .close : reject(408, "request not received in time")
                }
            }
        }
        markServing()
        if let allowed = configuration.allowedMethods, !allowed.contains(head.method) {
            // Refused from the head alone: the body, if any, is never read.
            return reject(405, "method \(head.method) not allowed", headers: [("Allow", allowed.sorted().joined(separator: ", "))])
        }
        let deadline = requestDeadline ?? ContinuousClock.now.advanced(by: configuration.readTimeout)
        if head.expectsContinue && buffer.count - headLength < head.contentLength {
            guard socket.writeAll(HTTPResponseSerializer.continueResponse) else { return .close }
        }
        while buffer.count - headLength < head.contentLength {
            switch socket.read(into: &buffer, scratch: &scratch, deadline: deadline) {
            case .bytes: continue
            case .endOfStream, .failed: return .close
            case .timedOut: return reject(408, "request body not received in time")
            }
        }
        let body = Self.takeBody(from: &buffer, headLength: headLength, contentLength: head.contentLength)

        let request: HTTPRequest
        do {
            request = try HTTPRequest(method: head.method, target: head.target, headers: head.headers, body: body,
                                      remoteAddress: remoteAddress)
        } catch {
            return reject(400, error.message)
        }
        let response = HandlerBridge.respond(to: request, with: handler)
        if response.dropsConnection {
            return .reset
        }
        let keepAlive = head.keepAlive && !response.headers.hasToken("close", in: "Connection")
        let bytes = HTTPResponseSerializer.serialize(response, keepAlive: keepAlive, minorVersion: head.minorVersion,
                                                     isHead: head.method == "HEAD")
        guard socket.writeAll(bytes) else { return .close }
        return keepAlive ? .keepOpen : .close
    }

    /// Removes the head and body of the current request from `buffer` and returns the body. When nothing follows
    /// the body (no pipelining, the usual case) the buffer itself becomes the body: moved, never copied, so a large
    /// body is held in memory once.
    private static func takeBody(from buffer: inout [UInt8], headLength: Int, contentLength: Int) -> [UInt8] {
        let end = headLength + contentLength
        guard contentLength > 0 else {
            buffer.removeFirst(headLength)
            return []
        }
        guard buffer.count == end else {
            let body = Array(buffer[headLength..<end])
            buffer.removeFirst(end)
            return body
        }
        buffer.removeFirst(headLength)
        var body: [UInt8] = []
        swap(&body, &buffer)
        buffer.reserveCapacity(4096)
        return body
    }

    private func reject(_ status: Int, _ message: String, headers: [(String, String)] = []) -> Ending {
        logger.debug("http.request_rejected", ["http.status": String(status), "http.reason": message,
                                               "http.peer": remoteAddress])
        socket.writeAll(HTTPResponseSerializer.error(status, message, headers: headers))
        return .lingeringClose
    }

    /// Bytes read after an error answer before closing, so the client reads the answer rather than a reset.
    private static let minimumDrainBytes = 64 * 1024

    private func drain(_ scratch: inout [UInt8]) {
        var sink: [UInt8] = []
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(500))
        var drained = 0
        while drained < max(Self.minimumDrainBytes, 2 * configuration.maxBodyBytes) {
            sink.removeAll(keepingCapacity: true)
            guard case .bytes(let count) = socket.read(into: &sink, scratch: &scratch, deadline: deadline) else { return }
            drained += count
        }
    }
}
