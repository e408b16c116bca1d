import Foundation
import Testing
@testable import RelayCore

/// Length limits count characters as Business Central does (Unicode scalars), are bounded in UTF-8 bytes, and
/// rejections quote only a short excerpt of the input.
@Suite struct PaymentEventDecoderLimitTests {
    private let decoder = PaymentEventDecoder()

    private func decode(_ members: [String: String]) -> Result<PaymentEvent, EventRejection> {
        var object: [String: String] = ["eventId": "e", "customerNumber": "C1", "amount": "1"]
        object.merge(members) { _, new in new }
        let body = object.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\"\($0.value)\"" }.joined(separator: ",")
        return decoder.decode(Array(("{" + body + "}").utf8))
    }

    /// One letter and 260,000 combining accents (522 KB) once passed as a 1-character event id.
    @Test func combiningAccentsCountAsCharacters() throws {
        let id = "a" + String(repeating: "\u{0301}", count: 260_000)
        let rejection = try #require(decode(["eventId": id]).failure)
        #expect(rejection.code == "FieldTooLong")
        #expect(rejection.field == "eventId")
        #expect(rejection.message == "eventId is 520001 bytes of UTF-8; the limit is 128 characters (512 bytes)")
        #expect(rejection.eventId == nil)
    }

    @Test(arguments: [
        ("eventId", 128), ("idempotencyKey", 128), ("customerNumber", 20), ("currencyCode", 10), ("documentNumber", 20),
        ("externalReference", 35), ("invoiceNumber", 20), ("description", 100), ("comment", 250),
    ])
    func everyLimitedFieldCountsScalars(field: String, limit: Int) throws {
        // "A" + combining ring: one grapheme, two scalars; upper-casing leaves it alone.
        let pair = "A\u{030A}"
        let atLimit = String(repeating: pair, count: limit / 2) + (limit % 2 == 1 ? "B" : "")
        #expect(atLimit.unicodeScalars.count == limit)
        let event = try decode([field: atLimit]).get()
        let value = try #require(Mirror(reflecting: event).children.first { $0.label == field }?.value as? String?)
        #expect(value == atLimit)

        let over = atLimit + "\u{0301}"
        #expect(over.count <= limit, "the grapheme count stays within the limit; only the scalar count exceeds it")
        let rejection = try #require(decode([field: over]).failure)
        #expect(rejection.code == "FieldTooLong")
        #expect(rejection.field == field)
        #expect(rejection.message == "\(field) is \(limit + 1) characters; the limit is \(limit)")
    }

    @Test func codeFieldsAreCheckedAfterUpperCasing() throws {
        let rejection = try #require(decode(["customerNumber": String(repeating: "ß", count: 11)]).failure)
        #expect(rejection.message == "customerNumber is 22 characters; the limit is 20")
        #expect(try decode(["customerNumber": "   c1   "]).get().customerNumber == "C1")
    }

    @Test(arguments: ["type", "occurredAt", "postingDate", "companyId", "customerId", "invoiceId", "amount"])
    func rejectionsQuoteOnlyAnExcerpt(field: String) throws {
        // 200 graphemes of 101 scalars each: a 64-grapheme excerpt would still be 13 KB.
        let hostile = String(repeating: "y" + String(repeating: "\u{0301}", count: 100), count: 200)
        let rejection = try #require(decode([field: hostile]).failure)
        #expect(rejection.field == field)
        #expect(rejection.message.utf8.count < 300, "\(rejection.message.prefix(300))")
    }

    @Test func formattedFieldsStillNameTheirFormat() throws {
        let rejection = try #require(decode(["occurredAt": "yesterday \u{0301}"]).failure)
        #expect(rejection.message == "occurredAt must be an RFC 3339 timestamp, got 'yesterday \u{0301}'")
        let date = try #require(decode(["postingDate": "2026-02-30"]).failure)
        #expect(date.message == "postingDate must be a calendar date YYYY-MM-DD, got '2026-02-30'")
    }

    @Test func duplicateKeysAreMalformed() throws {
        let rejection = try #require(decoder.decode(Array(#"{"eventId":"e","customerNumber":"C1","amount":"1","amount":"1000"}"#.utf8)).failure)
        #expect(rejection.code == "InvalidJSON")
        #expect(rejection.failureClass == .malformed)
        #expect(rejection.message.contains("duplicate member name 'amount'"))
    }

    @Test func commentForBCStaysWithinItsCharacters() throws {
        let accented = String(repeating: "e\u{0301}", count: 125)
        let event = try decode(["comment": accented, "eventId": String(repeating: "i", count: 128)]).get()
        let comment = PaymentTransform.comment(for: event)
        #expect(comment.unicodeScalars.count <= PaymentTransform.commentLimit)
        #expect(comment.hasSuffix("event:" + event.eventId))
        #expect(comment.hasPrefix("e\u{0301}"))
    }
}

extension Result {
    /// The error of a failed result, else `nil`.
    var failure: Failure? {
        if case let .failure(error) = self { return error }
        return nil
    }
}
