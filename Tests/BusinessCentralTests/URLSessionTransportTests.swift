import BusinessCentral
import Foundation
import Testing

/// The real transport over loopback: a response, a refused connection, and the TOTAL deadline.
@Suite(.timeLimit(.minutes(1))) struct URLSessionTransportTests {
    let transport = URLSessionTransport(maximumConnectionsPerHost: 2)

    @Test func returnsStatusHeadersAndBody() async throws {
        let server = try TestTCPServer(respond: "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nRetry-After: 5\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}")
        defer { server.stop() }
        let request = HTTPClientRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(server.port)/x")!, headers: [("Content-Type", "application/json")], body: Array("{}".utf8))
        let response = try await transport.send(request, timeout: .seconds(10))
        #expect(response.status == 201)
        #expect(response.header("retry-after") == "5")
        #expect(String(decoding: response.body, as: UTF8.self) == "{\"ok\":true}")
    }

    @Test func refusedConnectionIsCannotConnect() async throws {
        let server = try TestTCPServer(respond: nil)
        let port = server.port
        server.stop()
        let request = HTTPClientRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(port)/x")!)
        await #expect {
            _ = try await transport.send(request, timeout: .seconds(10))
        } throws: { error in
            if case .cannotConnect = error as? HTTPTransportError { return true }
            return false
        }
    }

    @Test func unansweredRequestTimesOutAtTheDeadline() async throws {
        let server = try TestTCPServer(respond: nil)
        defer { server.stop() }
        let request = HTTPClientRequest(method: "POST", url: URL(string: "http://127.0.0.1:\(server.port)/x")!, body: Array("{}".utf8))
        let started = ContinuousClock.now
        await #expect(throws: HTTPTransportError.timedOut) {
            _ = try await transport.send(request, timeout: .milliseconds(300))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(300))
        #expect(elapsed < .seconds(5))
    }

    @Test func tricklingResponseStillEndsAtTheTotalDeadline() async throws {
        let server = try TestTCPServer(respond: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n", trickleBytes: 100)
        defer { server.stop() }
        let request = HTTPClientRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/slow")!)
        let started = ContinuousClock.now
        await #expect(throws: HTTPTransportError.timedOut) {
            _ = try await transport.send(request, timeout: .milliseconds(700))
        }
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(700))
        #expect(elapsed < .seconds(2), "an idle timeout (2 s here) would have let the 10 s response finish")
    }

    @Test func cancellationEndsTheRequest() async throws {
        let server = try TestTCPServer(respond: nil)
        defer { server.stop() }
        let transport = transport
        let request = HTTPClientRequest(method: "GET", url: URL(string: "http://127.0.0.1:\(server.port)/x")!)
        let task = Task { try await transport.send(request, timeout: .seconds(60)) }
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
