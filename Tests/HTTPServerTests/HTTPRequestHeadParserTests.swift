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

    @Test func repeatedEqualContentLengthsAreAccepted() {
        guard case .complete(let head, _) = parse("GET / HTTP/1.1\r\nContent-Length: 3, 3\r\n\r\n") else {
            Issue.record("expected complete"); return
        }
        #expect(head.contentLength == 3)
    }
}
