import Foundation
import Synchronization
import Testing
@testable import HTTPServer

/// The opt-in limits for a probe-only server (methods, no body, eviction when full) and the framing leniencies of
/// RFC 9112 §2.2 over a real socket.
@Suite(.timeLimit(.minutes(1))) struct HTTPServerLimitTests {
    private static let probeOnly = HTTPServerConfiguration(maxBodyBytes: 0, maxConnections: 2, allowedMethods: ["GET", "HEAD"],
                                                           evictsIdleConnectionsWhenFull: true)

    /// Bare-LF requests once hung until the 30 s read timeout answered 408.
    @Test func bareLineFeedRequestIsAnsweredAtOnce() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /lf HTTP/1.1\nHost: x\n\n")
            #expect(try await connection.readResponse(timeout: .seconds(10))?.text == "GET /lf")
        }
    }

    @Test func leadingEmptyLinesAreIgnored() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("\r\n\r\nGET /a HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse(timeout: .seconds(10))?.text == "GET /a")
            // A stray CRLF after a request (some clients add one after a body) does not break the next one.
            connection.send("\r\nGET /b HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse(timeout: .seconds(10))?.text == "GET /b")
        }
    }

    @Test func otherMethodsGet405BeforeTheirBodyIsRead() async throws {
        let calls = Mutex(0)
        var configuration = Self.probeOnly
        configuration.maxBodyBytes = 8 * 1024 * 1024
        try await withServer(configuration, handler: { _ in calls.withLock { $0 += 1 }; return .empty() }) { server in
            let connection = try RawConnection(port: server.port)
            // The 8 MiB body is announced but never sent: the answer cannot depend on it.
            connection.send("POST /healthz HTTP/1.1\r\nContent-Length: 8388608\r\n\r\n")
            let response = try #require(try await connection.readResponse(timeout: .seconds(10)))
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD")
            #expect(await connection.isClosedByServer())
            #expect(calls.withLock { $0 } == 0)
        }
    }

    @Test func anyBodyGets413BeforeItIsRead() async throws {
        try await withServer(Self.probeOnly) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /healthz HTTP/1.1\r\nContent-Length: 8388608\r\n\r\n")
            #expect(try await connection.readResponse(timeout: .seconds(10))?.status == 413)
            let chunked = try RawConnection(port: server.port)
            chunked.send("GET /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n")
            #expect(try await chunked.readResponse(timeout: .seconds(10))?.status == 501)
            let plain = try RawConnection(port: server.port)
            plain.send("GET /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
            #expect(try await plain.readResponse(timeout: .seconds(10))?.status == 200)
        }
    }

    /// A full server once answered every newcomer 503, so idle connections could fail the kubelet's probes.
    @Test func idleConnectionsAreEvictedSoANewcomerIsServed() async throws {
        try await withServer(Self.probeOnly) { server in
            let oldest = try RawConnection(port: server.port)
            #expect(await waitUntil { server.connectionCount == 1 })
            let used = try RawConnection(port: server.port)
            used.send("GET /first HTTP/1.1\r\n\r\n")
            #expect(try await used.readResponse()?.status == 200)
            for index in 0..<5 {
                let probe = try RawConnection(port: server.port)
                probe.send("GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n")
                #expect(try await probe.readResponse(timeout: .seconds(10))?.status == 200, "probe \(index)")
            }
            #expect(await oldest.isClosedByServer(timeout: .seconds(2)))
        }
    }

    @Test func connectionsBeingServedAreNeverEvicted() async throws {
        let release = Mutex(false)
        let entered = Mutex(0)
        var configuration = Self.probeOnly
        configuration.maxConnections = 1
        try await withServer(configuration, handler: { _ in
            entered.withLock { $0 += 1 }
            while !release.withLock({ $0 }) { try? await Task.sleep(for: .milliseconds(5)) }
            return .text("done")
        }) { server in
            let busy = try RawConnection(port: server.port)
            busy.send("GET /slow HTTP/1.1\r\n\r\n")
            #expect(await waitUntil { entered.withLock { $0 } == 1 })
            let newcomer = try RawConnection(port: server.port)
            #expect(try await newcomer.readResponse(timeout: .seconds(10))?.status == 503)
            release.withLock { $0 = true }
            #expect(try await busy.readResponse()?.text == "done")
        }
    }

    @Test func defaultsStillAcceptBodiesAndAnyMethod() async throws {
        let defaults = HTTPServerConfiguration()
        #expect(defaults.allowedMethods == nil)
        #expect(defaults.evictsIdleConnectionsWhenFull == false)
        #expect(defaults.maxBodyBytes == 8 * 1024 * 1024)
        try await withServer(handler: { request in .text("\(request.method) \(request.body.count)") }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("PATCH /x HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc")
            #expect(try await connection.readResponse()?.text == "PATCH 3")
        }
    }
}
