@testable import BusinessCentral
import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A redirect is never followed: the credentials never reach its target, and the error names the location.
@Suite(.timeLimit(.minutes(1))) struct URLSessionRedirectTests {
    private let transport = URLSessionTransport(maximumConnectionsPerHost: 2)

    /// A 307 to another host once received the bearer token.
    @Test(arguments: [301, 302, 303, 307, 308])
    func redirectIsReturnedNotFollowed(status: Int) async throws {
        let target = try RecordingServer(response: "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nConnection: close\r\n\r\nstolen")
        defer { target.stop() }
        let location = "http://user:pw@127.0.0.1:\(target.port)/token?code=secret#f"
        let origin = try RecordingServer(response: "HTTP/1.1 \(status) Moved\r\nLocation: \(location)\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        defer { origin.stop() }
        let request = HTTPClientRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(origin.port)/api/v2.0/x")!,
                                        headers: [("Authorization", "Bearer top-secret")], body: Array("{}".utf8))

        let response = try await transport.send(request, timeout: .seconds(10))

        #expect(response.status == status)
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text == "HTTP \(status) redirect to http://127.0.0.1:\(target.port)/token not followed: payment-relay never follows redirects; configure the final URL")
        #expect(origin.heads.count == 1)
        #expect(target.heads.isEmpty, "the redirect target must never be contacted")
    }

    @Test func errorMappingReportsARedirectAsAPermanentErrorNamingTheLocation() {
        let body = Array("HTTP 307 redirect to https://elsewhere.example/api not followed: payment-relay never follows redirects; configure the final URL".utf8)
        let error = ErrorClassifier.classify(status: 307, headers: [:], body: body, isCreate: true, now: Date())
        #expect(error?.kind == .permanent)
        #expect(error?.message.contains("https://elsewhere.example/api") == true)
    }

    @Test func locationIsResolvedAndRedacted() {
        let base = URL(string: "https://bc.example/api/v2.0/companies")!
        #expect(URLSessionTransport.redactedLocation("/login?token=x", from: base) == "https://bc.example/login")
        #expect(URLSessionTransport.redactedLocation("http://u:p@evil.example:8080/a#b", from: base) == "http://evil.example:8080/a")
        #expect(URLSessionTransport.redactedLocation(nil, from: base) == "(no Location header)")
        #expect(URLSessionTransport.redactedLocation("https://x.example/" + String(repeating: "a", count: 500), from: base).unicodeScalars.count == 121)
    }
}

/// A loopback listener that records every request head it receives and answers each with `response`.
private final class RecordingServer: @unchecked Sendable {
    let port: UInt16
    private let fd: Int32
    private let received = Mutex<[String]>([])

    var heads: [String] { received.withLock { $0 } }

    init(response: String) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                var bytes: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n") {
                    let count = read(client, &buffer, buffer.count)
                    if count <= 0 { break }
                    bytes += buffer[0..<count]
                }
                self.received.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
                _ = Array(response.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                close(client)
            }
        }
    }

    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }
}
