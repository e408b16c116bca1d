import Telemetry

/// Serves the requests of one connection on its own thread, in order, until either side closes.
struct HTTPConnection {
    let socket: Socket
    let remoteAddress: String
    let configuration: HTTPServerConfiguration
    let handler: @Sendable (HTTPRequest) async -> HTTPResponse
    let logger: Logger

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
        let body = Array(buffer[headLength..<(headLength + head.contentLength)])
        buffer.removeFirst(headLength + head.contentLength)

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

    private func reject(_ status: Int, _ message: String) -> Ending {
        logger.debug("http.request_rejected", ["http.status": String(status), "http.reason": message,
                                               "http.peer": remoteAddress])
        socket.writeAll(HTTPResponseSerializer.error(status, message))
        return .lingeringClose
    }

    private func drain(_ scratch: inout [UInt8]) {
        var sink: [UInt8] = []
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(500))
        var drained = 0
        while drained < 2 * configuration.maxBodyBytes {
            sink.removeAll(keepingCapacity: true)
            guard case .bytes(let count) = socket.read(into: &sink, scratch: &scratch, deadline: deadline) else { return }
            drained += count
        }
    }
}
