import Testing
@testable import ExactJSON

@Suite struct JSONWriterTests {
    @Test func writesNumbersExactlyAndEscapesStrings() throws {
        let value = try JSONParser.parse(Array(#"{"a":-0.10,"b":"x\"\u00e9\ud83d\ude00","c":[true,null,1e3]}"#.utf8))
        #expect(JSONWriter.bytes(value) == Array(#"{"a":-0.10,"b":"x\"é😀","c":[true,null,1e3]}"#.utf8))
    }

    @Test func roundTripsThroughTheParser() throws {
        let value = JSONValue.object([(key: "k", value: .array([.string("tab\t\u{01}"), .number("-1234567890.12"), .bool(false), .null]))])
        #expect(try JSONParser.parse(JSONWriter.bytes(value)) == value)
    }

    /// Escapes are cut out of runs appended whole: a quote starting a grapheme cluster (quote + combining accent)
    /// and every control character must still come out exactly.
    @Test(arguments: [
        ("plain text é 😀", #""plain text é 😀""#),
        ("\"\u{301}x", #""\"\#u{301}x""#),
        ("a\\b\nc\rd\te\u{01}\u{1F}", #""a\\b\nc\rd\te\u0001\u001f""#),
        ("\"", #""\"""#),
        ("", #""""#),
    ])
    func quotedEscapesExactly(text: String, expected: String) throws {
        #expect(JSONWriter.quoted(text) == expected)
        #expect(try JSONParser.parse(Array(JSONWriter.quoted(text).utf8)) == .string(text))
    }
}
