import Testing
@testable import RelayCore

@Suite struct IdempotencyTokenTests {
    // Expected values computed independently with Python's hashlib (see IdempotencyToken's derivation doc).
    @Test(arguments: [
        ("order-42", "PR-7FWB2NY44E7EZSDE99KESA0WDE47TKEE"),
        ("evt-1", "PR-FD09Z4SD5J4EJZRC2XKPS110TFN0VAVE"),
        ("O'Brien & Co/#1", "PR-HZSCXH8KCMDZXJF24RE65GRBTDKCNQ2P"),
        ("ünïcødé", "PR-AW9VXMR3XKME8BEMGE5E7M2FSMJ6RZ7B"),
    ])
    func matchesReferenceDerivation(key: String, token: String) {
        #expect(IdempotencyToken(idempotencyKey: key).value == token)
    }

    @Test func tokenFitsExternalDocumentNumber() {
        for key in ["a", String(repeating: "x", count: 128), "key with spaces", "🙂"] {
            let token = IdempotencyToken(idempotencyKey: key).value
            #expect(token.count == 35)
            #expect(token.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "-") })
            #expect(token == token.uppercased().trimmingCharacters(in: .whitespaces))
        }
    }

    @Test func distinctKeysGiveDistinctTokens() {
        let tokens = Set((0..<10_000).map { IdempotencyToken(idempotencyKey: "key-\($0)") })
        #expect(tokens.count == 10_000)
    }

    @Test func rawValueRoundTripsAndRejectsOtherShapes() {
        let token = IdempotencyToken(idempotencyKey: "k")
        #expect(IdempotencyToken(rawValue: token.value) == token)
        #expect(IdempotencyToken(rawValue: "PR-short") == nil)
        #expect(IdempotencyToken(rawValue: "XX-" + String(token.value.dropFirst(3))) == nil)
        #expect(IdempotencyToken(rawValue: "PR-" + String(repeating: "I", count: 32)) == nil)
    }
}

import Foundation
