import Foundation
import Synchronization
import Testing
@testable import HTTPServer
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite struct HTTPServerTests {
    @Test func keepAliveServesManyRequestsOnOneSocket() async throws {
        let peers = Mutex<Set<String>>([])
        try await withServer(handler: { request in
            peers.withLock { _ = $0.insert(request.remoteAddress) }
            return .text(request.path)
        }) { server in
            let connection = try RawConnection(port: server.port)
            for index in 0..<200 {
                connection.send("GET /r\(index) HTTP/1.1\r\nHost: x\r\n\r\n")
                let response = try #require(try await connection.readResponse())
                #expect(response.status == 200)
                #expect(response.text == "/r\(index)")
            }
            #expect(peers.withLock { $0.count } == 1)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET /a HTTP/1.1\r\n\r\nPOST /b HTTP/1.1\r\nContent-Length: 2\r\n\r\nhiGET /c HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse()?.text == "GET /a")
            #expect(try await connection.readResponse()?.text == "POST /b")
            #expect(try await connection.readResponse()?.text == "GET /c")
        }
    }

    @Test func servesFiftyConcurrentClients() async throws {
        let inFlight = Mutex((now: 0, peak: 0))
        try await withServer(handler: { request in
            inFlight.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try? await Task.sleep(for: .milliseconds(20))
            inFlight.withLock { $0.now -= 1 }
            return .json(#"{"echo":"\#(request.bodyText)"}"#)
        }) { server in
            let session = makeSession(connections: 50)
            let url = URL(string: "http://127.0.0.1:\(server.port)/echo")!
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<200 {
                    group.addTask {
                        var request = URLRequest(url: url)
                        request.httpMethod = "POST"
                        request.httpBody = Data("n\(index)".utf8)
                        let (data, response) = try await session.data(for: request)
                        #expect(String(decoding: data, as: UTF8.self) == #"{"echo":"n\#(index)"}"#)
                        return (response as! HTTPURLResponse).statusCode
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.count == 200 && statuses.allSatisfy { $0 == 200 })
            #expect(inFlight.withLock { $0.peak } > 10)
        }
    }

    @Test func holdsHundredsOfOpenConnections() async throws {
        try await withServer { server in
            let connections = try (0..<300).map { _ in try RawConnection(port: server.port) }
            for (index, connection) in connections.enumerated() { connection.send("GET /c\(index) HTTP/1.1\r\n\r\n") }
            for (index, connection) in connections.enumerated() {
                #expect(try await connection.readResponse()?.text == "GET /c\(index)")
            }
            #expect(server.connectionCount == 300)
        }
    }

    @Test func malformedRequestLineIsAnswered400() async throws {
        try await withServer { server in
            for garbage in ["GARBAGE\r\n\r\n", "GET /x\r\n\r\n", "GET /x HTTP/1.1 extra\r\n\r\n", "G@T / HTTP/1.1\r\n\r\n",
                            "GET / HTTX/1.1\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n", "GET / HTTP/1.1\r\nBad Name: v\r\n\r\n",
                            "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", "GET /%zz HTTP/1.1\r\n\r\n"] {
                let connection = try RawConnection(port: server.port)
                connection.send(garbage)
                let response = try #require(try await connection.readResponse(), "no answer to \(garbage.debugDescription)")
                #expect(response.status == 400, "\(garbage.debugDescription)")
                #expect(response.header("Connection") == "close")
                #expect(await connection.isClosedByServer())
            }
        }
    }

    @Test func binaryGarbageIsAnswered400() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send((0..<300).map { UInt8(truncatingIfNeeded: $0 &* 37) } + [13, 10, 13, 10])
            #expect(try await connection.readResponse()?.status == 400)
        }
    }

    @Test func unsupportedHTTPVersionIsAnswered505() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/2.0\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 505)
        }
    }

    @Test func oversizedHeaderIsAnswered431() async throws {
        try await withServer(HTTPServerConfiguration(maxHeaderBytes: 1024)) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nX-Big: \(String(repeating: "a", count: 2000))\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 431)
            // A head that never ends is cut off at the limit as well.
            let endless = try RawConnection(port: server.port)
            endless.send("GET / HTTP/1.1\r\n" + String(repeating: "X-A: b\r\n", count: 200))
            #expect(try await endless.readResponse()?.status == 431)
        }
    }

    @Test func oversizedBodyIsAnswered413() async throws {
        try await withServer(HTTPServerConfiguration(maxBodyBytes: 1000)) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 413)

            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/big")!)
            request.httpMethod = "POST"
            request.httpBody = Data(repeating: 65, count: 5000)
            let (_, response) = try await makeSession().data(for: request)
            #expect((response as! HTTPURLResponse).statusCode == 413)
        }
    }

    @Test func chunkedRequestBodyIsRefused501() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
            let response = try #require(try await connection.readResponse())
            #expect(response.status == 501)
            #expect(response.text.contains("Content-Length"))
        }
    }

    @Test func slowClientGets408() async throws {
        try await withServer(HTTPServerConfiguration(readTimeout: .milliseconds(200))) { server in
            let head = try RawConnection(port: server.port)
            head.send("GET / HTTP/1.1\r\nHost: x\r\n")
            #expect(try await head.readResponse()?.status == 408)

            let body = try RawConnection(port: server.port)
            body.send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
            #expect(try await body.readResponse()?.status == 408)
            #expect(await body.isClosedByServer())
        }
    }

    @Test func idleKeepAliveConnectionIsClosedQuietly() async throws {
        try await withServer(HTTPServerConfiguration(keepAliveIdleTimeout: .milliseconds(150))) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 200)
            #expect(try await connection.readResponse(timeout: .seconds(3)) == nil)
        }
    }

    @Test func clientClosingMidRequestLeavesServerHealthy() async throws {
        let handled = Mutex(0)
        try await withServer(handler: { _ in
            handled.withLock { $0 += 1 }
            return .empty()
        }) { server in
            for partial in ["GET / HT", "POST / HTTP/1.1\r\nContent-Length: 50\r\n\r\nshort"] {
                let connection = try RawConnection(port: server.port)
                connection.send(partial)
                connection.finishSending()
                #expect(await connection.isClosedByServer())
            }
            #expect(await waitUntil { server.connectionCount == 0 })
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 204)
            #expect(handled.withLock { $0 } == 1)
        }
    }

    @Test func connectionCloseIsHonoured() async throws {
        try await withServer { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\nConnection: close\r\n\r\n")
            let response = try #require(try await connection.readResponse())
            #expect(response.status == 200)
            #expect(response.header("Connection") == "close")
            #expect(try await connection.readResponse() == nil)

            let old = try RawConnection(port: server.port)
            old.send("GET / HTTP/1.0\r\n\r\n")
            #expect(try await old.readResponse()?.header("Connection") == "close")
            #expect(try await old.readResponse() == nil)

            let kept = try RawConnection(port: server.port)
            kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.readResponse()?.header("Connection") == "keep-alive")
            kept.send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            #expect(try await kept.readResponse()?.status == 200)
        }
    }

    @Test func handlerCanAskToClose() async throws {
        try await withServer(handler: { _ in
            var response = HTTPResponse.text("bye")
            response.headers["Connection"] = "close"
            return response
        }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try await connection.readResponse()?.text == "bye")
            #expect(try await connection.readResponse() == nil)
        }
    }

    @Test func dropConnectionAnswersNothing() async throws {
        let calls = Mutex(0)
        try await withServer(handler: { _ in
            calls.withLock { $0 += 1 }
            return .dropConnection
        }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\nx")
            #expect(await connection.isClosedByServer())
            #expect(calls.withLock { $0 } == 1)

            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/")!)
            request.httpMethod = "POST"
            request.httpBody = Data("x".utf8)
            await #expect(throws: (any Error).self) { _ = try await makeSession().data(for: request) }
        }
    }

    @Test func queryAndPathAreDecoded() async throws {
        try await withServer(handler: { request in
            let query = request.queryItems.map { "\($0.name)=\($0.value)" }.joined(separator: "|")
            return .text("\(request.path)#\(query)#\(request.target)")
        }) { server in
            let connection = try RawConnection(port: server.port)
            let target = "/a%20b/c%27d?$filter=code%20eq%20%27O%27%27B%27&x=1+2&y=%2B&z&&e%3D=%3D"
            connection.send("GET \(target) HTTP/1.1\r\n\r\n")
            let text = try #require(try await connection.readResponse()).text
            #expect(text == "/a b/c'd#$filter=code eq 'O''B'|x=1+2|y=+|z=|e===#\(target)")
        }
    }

    @Test func absoluteFormTargetKeepsOnlyPathAndQuery() throws {
        let request = try HTTPRequest(method: "GET", target: "http://example.com:80/p%2Fq?a=b")
        #expect(request.path == "/p/q")
        #expect(request.queryValue("a") == "b")
    }

    @Test func formBodiesTreatPlusAsSpace() {
        let request = HTTPRequest(method: "POST", target: "/", path: "/", body: Array("a=1+2&b=%2B&c".utf8))
        let items = request.formItems?.map { "\($0.name)=\($0.value)" }
        #expect(items == ["a=1 2", "b=+", "c="])
        #expect(HTTPRequest(method: "POST", target: "/", path: "/", body: Array("a=%G1".utf8)).formItems == nil)
    }

    @Test func responsesCarryDateAndContentLength() async throws {
        try await withServer(handler: { _ in .json(#"{"k":"ü"}"#, status: 201) }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("GET / HTTP/1.1\r\n\r\n")
            let response = try #require(try await connection.readResponse())
            #expect(response.status == 201)
            #expect(response.header("Content-Length") == "10")
            #expect(response.header("Content-Type") == "application/json; charset=utf-8")
            let date = try #require(response.header("Date"))
            #expect(date.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/) != nil)

        }
    }

    @Test func expectContinueGetsInterimResponse() async throws {
        try await withServer(handler: { request in .text(request.bodyText) }) { server in
            let connection = try RawConnection(port: server.port)
            connection.send("POST / HTTP/1.1\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
            #expect(try await connection.readResponse()?.status == 100)
            connection.send("hello")
            #expect(try await connection.readResponse()?.text == "hello")
        }
    }

    @Test func urlSessionRoundTrip() async throws {
        try await withServer(handler: { request in
            .json(#"{"method":"\#(request.method)","type":"\#(request.headers["content-type"] ?? "")","len":\#(request.body.count)}"#)
        }) { server in
            var request = URLRequest(url: URL(string: "http://127.0.0.1:\(server.port)/x?q=1")!)
            request.httpMethod = "POST"
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(repeating: 120, count: 100_000)
            let (data, response) = try await makeSession().data(for: request)
            #expect((response as! HTTPURLResponse).statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == #"{"method":"POST","type":"application/json","len":100000}"#)
        }
    }

    @Test func stopClosesListenerAndConnections() async throws {
        let server = HTTPServer(configuration: HTTPServerConfiguration(), logger: .disabled) { _ in .empty() }
        try server.start()
        let port = server.port
        let idle = try RawConnection(port: port)
        idle.send("GET / HTTP/1.1\r\n\r\n")
        #expect(try await idle.readResponse()?.status == 204)
        let half = try RawConnection(port: port)
        half.send("GET / HT")
        #expect(await waitUntil { server.connectionCount == 2 })

        server.stop()
        server.stop()
        #expect(await idle.isClosedByServer(timeout: .seconds(2)))
        #expect(await half.isClosedByServer(timeout: .seconds(2)))
        #expect(throws: RawConnection.Failure.self) { _ = try RawConnection(port: port) }
        #expect(await waitUntil { server.connectionCount == 0 })
    }

    @Test func startFailureNamesTheAddress() throws {
        let first = HTTPServer(configuration: HTTPServerConfiguration(), logger: .disabled) { _ in .empty() }
        try first.start()
        defer { first.stop() }
        let second = HTTPServer(configuration: HTTPServerConfiguration(port: first.port), logger: .disabled) { _ in .empty() }
        #expect {
            try second.start()
        } throws: { error in
            let error = error as? HTTPServerError
            return error?.code == .bindFailed && error?.message.contains("127.0.0.1:\(first.port)") == true
        }
    }

    @Test func connectionsBeyondTheLimitGet503() async throws {
        try await withServer(HTTPServerConfiguration(maxConnections: 1)) { server in
            let first = try RawConnection(port: server.port)
            first.send("GET / HTTP/1.1\r\n\r\n")
            #expect(try await first.readResponse()?.status == 200)
            let second = try RawConnection(port: server.port)
            #expect(try await second.readResponse()?.status == 503)
        }
    }
}
