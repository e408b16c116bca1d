import Foundation
import Testing
@testable import RelayCore

@Suite struct EventFieldReaderTests {
    /// The ASCII fast path of Code fields gives what Foundation's trimming and upper-casing give, and text that is not
    /// ASCII still goes through Foundation (`ß` lengthens to `SS`, a no-break space is trimmed).
    @Test(arguments: ["c-001", "  c-001\t", "\t\t", "", " ", "abc xyz ", "eur", "Ab9-_.z{}", "\u{A0}c-1\u{A0}", "straße",
                      " ǆ ", "x\u{2003}", "\u{1F600}a", "a\nb", "\n a \n"])
    func codeValuesAreTrimmedAndUpperCasedAsFoundationDoes(_ raw: String) {
        #expect(EventFieldReader.trimmedUppercased(raw) == raw.trimmingCharacters(in: .whitespaces).uppercased())
    }
}
