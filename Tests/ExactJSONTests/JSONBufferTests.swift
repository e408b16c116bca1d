import Foundation
import Testing
@testable import ExactJSON

@Suite struct JSONBufferTests {
    /// ``JSONBuffer/quoted(_:)`` on every kind of text (plain, quotes and backslashes, each control character,
    /// multi-byte scalars, a quote before a combining mark) gives what ``JSONWriter/quoted(_:)`` gives (whose exact
    /// escapes `JSONWriterTests` pin) and parses back to the same text.
    @Test(arguments: ["", "plain", "say \"hi\"", "back\\slash", "tab\there", "line\nbreak\r", "\u{0}\u{1}\u{1f}\u{7f}",
                      "ß € 😀", "\"\u{301}", "é\u{1}é", String(repeating: "x\"", count: 300)])
    func quotedEscapesAsTheWriterDoes(_ text: String) throws {
        var buffer = JSONBuffer()
        buffer.quoted(text)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == JSONWriter.quoted(text))
        // And it parses back to the same text.
        #expect(try JSONParser.parse(buffer.bytes) == .string(text))
    }

    @Test(arguments: [0, 7, -7, 10, 1_000, Int64.max, Int64.min, -1])
    func integersAreWrittenInDecimal(_ value: Int64) {
        var buffer = JSONBuffer()
        buffer.integer(value)
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == String(value))
    }

    @Test func structureValuesAndNullsComposeOneDocument() throws {
        var buffer = JSONBuffer(capacity: 8)
        buffer.raw("{\"a\":")
        buffer.quotedOrNull(nil)
        buffer.raw(",\"b\":")
        buffer.quotedOrNull("x")
        buffer.raw(",\"c\":")
        buffer.integer(Int32(-12))
        buffer.raw("}")
        #expect(String(decoding: buffer.bytes, as: UTF8.self) == #"{"a":null,"b":"x","c":-12}"#)
    }
}
