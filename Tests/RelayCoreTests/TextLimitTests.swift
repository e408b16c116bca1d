import Testing
@testable import RelayCore

@Suite struct TextLimitTests {
    @Test func countsScalarsNotGraphemes() {
        let limit = TextLimit(characters: 3)
        #expect(limit.fits("abc"))
        #expect(limit.fits("e\u{0301}x"))
        #expect(limit.violation("e\u{0301}\u{0301}x") == "is 4 characters; the limit is 3")
        #expect(limit.fits("😀😀😀"))
    }

    @Test func utf8BoundIsCheckedFirst() {
        let limit = TextLimit(characters: 10, utf8Bytes: 12)
        #expect(limit.violation("ééééééé") == "is 14 bytes of UTF-8; the limit is 10 characters (12 bytes)")
        #expect(TextLimit(characters: 2).utf8Bytes == 8)
        #expect(TextLimit(characters: 5, utf8Bytes: 1).utf8Bytes == 5)
    }

    @Test func truncatingCutsBetweenScalarsAndFits() {
        let limit = TextLimit(characters: 5)
        #expect(limit.truncating("abc") == "abc")
        #expect(limit.truncating("abcdefgh") == "abcd…")
        let accented = limit.truncating(String(repeating: "e\u{0301}", count: 10))
        #expect(accented.unicodeScalars.count == 5)
        #expect(limit.fits(accented))
        let bytes = TextLimit(characters: 10, utf8Bytes: 10)
        #expect(bytes.fits(bytes.truncating(String(repeating: "😀", count: 10))))
    }

    @Test func excerptIsBoundedInScalars() {
        #expect(TextLimit.excerpt("short") == "short")
        let excerpt = TextLimit.excerpt("a" + String(repeating: "\u{0301}", count: 10_000), scalars: 8)
        #expect(excerpt.unicodeScalars.count == 9)
        #expect(excerpt.hasSuffix("…"))
    }
}
