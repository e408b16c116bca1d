import Testing
@testable import HTTPServer

@Suite struct HTTPHeadersTests {
    @Test func lookupIsCaseInsensitiveAndOrderIsKept() {
        var headers: HTTPHeaders = ["Content-Type": "a"]
        headers.add("X-Many", "1")
        headers.add("x-many", "2")
        #expect(headers["content-type"] == "a")
        #expect(headers.values(for: "X-MANY") == ["1", "2"])
        headers.set("X-Many", to: "3")
        #expect(headers.map(\.name) == ["Content-Type", "X-Many"])
        headers["content-type"] = nil
        #expect(headers.count == 1)
    }

    @Test func tokensAreFoundInCommaSeparatedValues() {
        let headers: HTTPHeaders = ["Connection": "keep-alive, Close"]
        #expect(headers.hasToken("close", in: "connection"))
        #expect(!headers.hasToken("upgrade", in: "connection"))
    }
}
