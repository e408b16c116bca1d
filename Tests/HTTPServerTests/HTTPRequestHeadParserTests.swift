import Testing
@testable import HTTPServer

@Suite struct HTTPRequestHeadParserTests {
    private func parse(_ text: String, maxHeader: Int = 1024, maxBody: Int = 100) -> HTTPRequestHeadParser.Result {
        HTTPRequestHeadParser.parse(Array(text.utf8)[...], maxHeaderBytes: maxHeader, maxBodyBytes: maxBody)
    }

    @Test func incompleteHeadNeedsMoreBytes() {
        guard case .incomplete = parse("GET / HTTP/1.1\r\nHost: a\r\n") else { Issue.record("expected incomplete"); return }
    }

    @Test func completeHeadReportsLengthAndFraming() throws {
        guard case .complete(let head, let length) = parse("\r\nPOST /p?q HTTP/1.1\r\nContent-Length: 7\r\nconnection: Close\r\n\r\nbody") else {
            Issue.record("expected complete"); return
        }
        #expect(length == 62)
        #expect(head.method == "POST" && head.target == "/p?q" && head.minorVersion == 1)
        #expect(head.contentLength == 7)
        #expect(head.keepAlive == false)
        #expect(head.headers["CONTENT-LENGTH"] == "7")
    }

    @Test(arguments: [
        ("GET / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nContent-Length: 101\r\n\r\n", 413),
        ("GET / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501),
        ("GET / HTTP/1.1\r\n folded\r\n\r\n", 400),
        ("GET / HTTP/3.0\r\n\r\n", 505),
    ])
    func rejectsBadFraming(text: String, status: Int) {
        guard case .failure(let error) = parse(text) else { Issue.record("expected failure for \(text.debugDescription)"); return }
        #expect(error.code.status == status)
    }

    /// A head ended by bare LFs once waited for a CRLFCRLF that never came, until the 408.
    @Test(arguments: ["GET /x HTTP/1.1\nHost: a\n\n", "GET /x HTTP/1.1\r\nHost: a\n\r\n", "GET /x HTTP/1.1\nHost: a\r\n\n"])
    func bareLineFeedsEndLinesAndTheHead(text: String) throws {
        guard case .complete(let head, let length) = parse(text + "next") else { Issue.record("expected complete"); return }
        #expect(length == text.utf8.count)
        #expect(head.method == "GET" && head.target == "/x")
        #expect(head.headers["Host"] == "a")
    }

    /// RFC 9112 §2.2: empty lines before the request line are ignored; two CRLFs once looked like an empty head (400).
    @Test(arguments: ["\r\nGET / HTTP/1.1\r\n\r\n", "\r\n\r\nGET / HTTP/1.1\r\n\r\n", "\n\n\r\nGET / HTTP/1.1\n\n"])
    func leadingEmptyLinesAreSkipped(text: String) throws {
        guard case .complete(let head, let length) = parse(text) else { Issue.record("expected complete for \(text.debugDescription)"); return }
        #expect(head.method == "GET")
        #expect(length == text.utf8.count)
    }

    @Test func emptyLinesAloneWaitButCountTowardsTheHeadLimit() {
        guard case .incomplete = parse("\r\n\r\n\r\n") else { Issue.record("expected incomplete"); return }
        guard case .failure(let error) = parse(String(repeating: "\r\n", count: 600), maxHeader: 1024) else {
            Issue.record("expected failure"); return
        }
        #expect(error.code == .headerTooLarge)
    }

    @Test func bareCarriageReturnIsRefused() {
        guard case .failure(let error) = parse("GET / HTTP/1.1\r\nHost: a\rb\r\n\r\n") else { Issue.record("expected failure"); return }
        #expect(error.code.status == 400)
    }

    @Test func repeatedEqualContentLengthsAreAccepted() {
        guard case .complete(let head, _) = parse("GET / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n") else {
            Issue.record("expected complete"); return
        }
        #expect(head.contentLength == 3)
    }
}
