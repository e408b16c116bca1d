@testable import ExactJSON
import Testing

/// The accessors and the optional parse the BC client decodes responses with.
@Suite struct JSONValueAccessorTests {
    @Test func numbersStayLiteral() {
        let value = JSONValue.parse(Array(#"{"a":-0.10,"b":1234567890.12,"c":1e-7,"d":[0,-0]}"#.utf8))
        #expect(value?["a"]?.numberLiteral == "-0.10")
        #expect(value?["b"]?.numberLiteral == "1234567890.12")
        #expect(value?["c"]?.numberLiteral == "1e-7")
        #expect(value?["d"]?.arrayValue == [.number("0"), .number("-0")])
    }

    @Test func stringsUnescapeIncludingSurrogatePairs() {
        let value = JSONValue.parse(Array(#"{"s":"O'Brien \"&\" \/ \u00e9 \ud83d\ude00 \n","t":true,"n":null}"#.utf8))
        #expect(value?["s"]?.stringValue == "O'Brien \"&\" / é 😀 \n")
        #expect(value?["t"] == .bool(true))
        #expect(value?["n"] == .null)
    }

    @Test(arguments: ["", "{", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a":"x"} trailing"#, #"{"a":tru}"#,
                      "[1,]", #"{"a" 1}"#, "\"unterminated", #""\ud83d""#, String(repeating: "[", count: 100) + String(repeating: "]", count: 100)])
    func invalidDocumentsAreRejected(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }
}
