import Testing
@testable import ExactJSON

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    @Test func keepsNumberLiteralsAsText() throws {
        let value = try parse(#"{"a": 1500.10, "b": -0.5e-3, "c": [true, false, null], "d": "x\"y\u00e9\ud83d\ude00"}"#)
        #expect(value["a"] == .number("1500.10"))
        #expect(value["b"] == .number("-0.5e-3"))
        #expect(value["c"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["d"] == .string("x\"yé😀"))
    }

    @Test func lastDuplicateMemberWins() throws {
        #expect(try parse(#"{"a":1,"a":2}"#)["a"] == .number("2"))
    }

    @Test(arguments: [
        "", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"abc", "\"\u{01}\"",
        "\"\\x\"", "\"\\ud800\"", "\"\\udc00\"", "{} {}", "{'a':1}", "NaN", "[1 2]",
    ])
    func rejectsInvalidDocuments(text: String) {
        #expect(throws: JSONParser.SyntaxError.self) { try parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0x22, 0xC0, 0xAF, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0xFF, 0x22], [0x22, 0xE2, 0x82, 0x22]] {
            #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test func rejectsDeepNesting() {
        let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: JSONParser.SyntaxError.self) { try parse(deep) }
        #expect((try? parse(String(repeating: "[", count: 10) + String(repeating: "]", count: 10))) != nil)
    }

    @Test func reportsOffset() {
        do {
            _ = try JSONParser.parse(Array(#"{"a": x}"#.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 6)
            #expect(error.description.contains("unexpected character 'x'"))
        }
    }
}
