import ExactJSON
import Foundation
import Testing

@Suite struct UUIDTextTests {
    @Test(arguments: ["00000000-0000-0000-0000-000000000000", "5D115C9C-44E3-EA11-BB43-000D3A2FEBA0", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF",
                      "01234567-89AB-CDEF-0123-456789ABCDEF"])
    func lowerCaseTextIsFoundationsLowerCased(_ text: String) throws {
        let uuid = try #require(UUID(uuidString: text))
        #expect(UUIDText.lowercased(uuid) == uuid.uuidString.lowercased())
    }
}
