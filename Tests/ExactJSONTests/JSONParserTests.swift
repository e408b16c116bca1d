import Testing
@testable import ExactJSON

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONValue { try JSONParser.parse(Array(text.utf8)) }

    /// Strings switch between the ASCII fast path and escapes or multi-byte UTF-8 at any point, with the same result.
    @Test(arguments: [
        (#""plain ASCII""#, "plain ASCII"),
        (#""""#, ""),
        (#""ab\ncd""#, "ab\ncd"),
        (#""\"quoted\" tail""#, "\"quoted\" tail"),
        ("\"caf\u{E9} cr\u{E8}me\"", "caf\u{E9} cr\u{E8}me"),
        (#""Ren\u00e9e / O'Brien""#, "Ren\u{E9}e / O'Brien"),
        ("\"\u{1F600} first\"", "\u{1F600} first"),
    ])
    func stringsReadTheSameOnEveryPath(json: String, expected: String) throws {
        #expect(try JSONParser.parse(Array(json.utf8)) == .string(expected))
    }

    @Test(arguments: [
        (Array(#""abc"#.utf8), "unterminated string", 4),
        (Array("\"ab\u{01}c\"".utf8), "control character in string", 3),
        ([0x22, 0x61, 0x62, 0xFF, 0x22], nil, 3),
    ])
    func stringErrorsAreFoundAtTheirByte(bytes: [UInt8], reason: String?, offset: Int) {
        do {
            _ = try JSONParser.parse(bytes)
            Issue.record("parsed invalid input")
        } catch {
            if let reason { #expect(error.reason == reason) }
            #expect(error.offset == offset)
        }
    }

    @Test func keepsNumberLiteralsAsText() throws {
        let value = try parse(#"{"a": 1500.10, "b": -0.5e-3, "c": [true, false, null], "d": "x\"y\u00e9\ud83d\ude00"}"#)
        #expect(value["a"] == .number("1500.10"))
        #expect(value["b"] == .number("-0.5e-3"))
        #expect(value["c"] == .array([.bool(true), .bool(false), .null]))
        #expect(value["d"] == .string("x\"yé😀"))
    }

    /// `{"amount":"1","amount":"1000"}` once booked 1000 (last wins) where other readers see 1.
    @Test func duplicateMemberNamesAreRejected() {
        #expect(throws: JSONParser.SyntaxError(reason: "duplicate member name 'amount'", offset: 14)) {
            try parse(#"{"amount":"1","amount":"1000"}"#)
        }
        // Equal after unescaping is equal; the same name in another object is not a duplicate.
        #expect(throws: JSONParser.SyntaxError.self) { try parse(#"{"a":1,"\u0061":2}"#) }
        #expect((try? parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)) != nil)
    }

    @Test func duplicatesAreFoundInLargeObjects() {
        let members = (0..<500).map { #""k\#($0)":\#($0)"# }
        #expect((try? parse("{" + members.joined(separator: ",") + "}")) != nil)
        #expect(throws: JSONParser.SyntaxError.self) { try parse("{" + (members + [#""k250":0"#]).joined(separator: ",") + "}") }
        #expect(throws: JSONParser.SyntaxError.self) { try parse("{" + (members + [#""k3":0"#]).joined(separator: ",") + "}") }
    }

    /// Swift's `==` calls canonically equivalent strings equal; JSON names are compared code unit by code unit.
    @Test func namesAreComparedExactly() throws {
        let value = try parse(#"{"K":1,"\u212A":2,"\u00C5":3,"A\u030A":4}"#)
        #expect(value["K"] == .number("1"))
        #expect(value["\u{212A}"] == .number("2"))
        #expect(value["\u{00C5}"] == .number("3"))
        #expect(value["A\u{030A}"] == .number("4"))
    }

    @Test func duplicateNameInTheMessageIsShortAndOnOneLine() {
        let name = "\\n" + String(repeating: "n", count: 1000)
        let error = #expect(throws: JSONParser.SyntaxError.self) { try parse(#"{"\#(name)":1,"\#(name)":2}"#) }
        #expect(error?.reason.hasPrefix("duplicate member name '\\nnnn") == true)
        #expect((error?.reason.utf8.count ?? .max) < 100)
        #expect(error?.reason.contains("\n") == false)
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
