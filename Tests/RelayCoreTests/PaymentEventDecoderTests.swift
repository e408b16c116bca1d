import Foundation
import Testing
@testable import RelayCore

@Suite struct PaymentEventDecoderTests {
    private let decoder = PaymentEventDecoder(companyCurrency: "EUR")

    private func decode(_ json: String) -> Result<PaymentEvent, EventRejection> { decoder.decode(Array(json.utf8)) }

    @Test func decodesAFullEvent() throws {
        let event = try decode("""
        {"eventId":"evt-1","idempotencyKey":"pay-1","type":"payment.received","occurredAt":"2026-11-20T23:30:00-02:00",
         "companyId":"{6f0b8d3e-1c1a-4b1e-9f0e-0d4c5a7b8c9d}","customerNumber":" c10000 ","amount":"1500.00","currencyCode":"eur",
         "documentNumber":"inv-1","externalReference":"psp-abc","invoiceNumber":"103001","description":"Card","comment":"note",
         "unknownField":{"nested":[1,2]}}
        """).get()
        #expect(event.eventId == "evt-1")
        #expect(event.idempotencyKey == "pay-1")
        #expect(event.customerNumber == "C10000")
        #expect(event.amount.minorUnits == 150_000)
        #expect(event.currencyCode == "EUR")
        #expect(event.documentNumber == "INV-1")
        #expect(event.occurredAt?.localDate == "2026-11-20")
        #expect(event.companyId == UUID(uuidString: "6f0b8d3e-1c1a-4b1e-9f0e-0d4c5a7b8c9d"))
        #expect(event.invoiceNumber == "103001")
    }

    @Test func defaultsIdempotencyKeyToEventIdAndAcceptsNumberAmounts() throws {
        let event = try decode(#"{"eventId":"e","customerId":"6f0b8d3e-1c1a-4b1e-9f0e-0d4c5a7b8c9d","amount":12.5,"postingDate":null}"#).get()
        #expect(event.idempotencyKey == "e")
        #expect(event.amount.description == "12.50")
        #expect(event.postingDate == nil)
    }

    @Test(arguments: [
        ("not json", "InvalidJSON", nil),
        ("[1]", "InvalidJSON", nil),
        (#"{"customerNumber":"C1","amount":"1"}"#, "MissingField", "eventId"),
        (#"{"eventId":"","customerNumber":"C1","amount":"1"}"#, "EmptyField", "eventId"),
        (#"{"eventId":7,"customerNumber":"C1","amount":"1"}"#, "WrongType", "eventId"),
        (#"{"eventId":"e","amount":"1"}"#, "MissingField", "customerNumber"),
        (#"{"eventId":"e","customerNumber":"C1"}"#, "MissingField", "amount"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"-1"}"#, "InvalidAmount", "amount"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1.001"}"#, "InvalidAmount", "amount"),
        (#"{"eventId":"e","customerNumber":"C1","amount":true}"#, "WrongType", "amount"),
        (#"{"eventId":"e","customerNumber":"C1","amount":1e12}"#, "InvalidAmount", "amount"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","type":"payment.refunded"}"#, "UnsupportedType", "type"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","occurredAt":"yesterday"}"#, "InvalidTimestamp", "occurredAt"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","postingDate":"2026-02-30"}"#, "InvalidDate", "postingDate"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","companyId":"nope"}"#, "InvalidGuid", "companyId"),
        (#"{"eventId":"e","customerId":"123","amount":"1"}"#, "InvalidGuid", "customerId"),
        (#"{"eventId":"e","customerNumber":"C123456789012345678901","amount":"1"}"#, "FieldTooLong", "customerNumber"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","documentNumber":"D123456789012345678901"}"#, "FieldTooLong", "documentNumber"),
        (#"{"eventId":"e","customerNumber":"C1","amount":"1","description":{"a":1}}"#, "WrongType", "description"),
    ] as [(String, String, String?)])
    func rejectsMalformedEvents(json: String, code: String, field: String?) {
        guard case let .failure(rejection) = decode(json) else {
            Issue.record("expected a rejection for \(json)")
            return
        }
        #expect(rejection.code == code)
        #expect(rejection.field == field)
        #expect(rejection.failureClass == .malformed)
        #expect(!rejection.message.isEmpty)
    }

    @Test func lengthLimitsCountCharacters() {
        let id128 = String(repeating: "é", count: 128)
        #expect((try? decode(#"{"eventId":"\#(id128)","customerNumber":"C1","amount":"1"}"#).get()) != nil)
        guard case let .failure(rejection) = decode(#"{"eventId":"\#(id128)x","customerNumber":"C1","amount":"1"}"#) else {
            Issue.record("129 characters must be rejected")
            return
        }
        #expect(rejection.message == "eventId is 129 characters; the limit is 128")
    }

    @Test func rejectsWrongCurrencyAsValidationAndKeepsEventId() {
        guard case let .failure(rejection) = decode(#"{"eventId":"e9","customerNumber":"C1","amount":"1","currencyCode":"USD"}"#) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.failureClass == .validation)
        #expect(rejection.code == "CurrencyMismatch")
        #expect(rejection.eventId == "e9")
    }

    @Test func rejectsOversizedEvents() {
        let big = [UInt8](repeating: 0x20, count: PaymentEventDecoder.maximumEventBytes + 1)
        guard case let .failure(rejection) = decoder.decode(big) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.code == "EventTooLarge")
    }

    @Test func malformedAfterEventIdStillNamesTheEvent() {
        guard case let .failure(rejection) = decode(#"{"eventId":"e5","customerNumber":"C1","amount":"x"}"#) else {
            Issue.record("expected a rejection")
            return
        }
        #expect(rejection.eventId == "e5")
    }
}
