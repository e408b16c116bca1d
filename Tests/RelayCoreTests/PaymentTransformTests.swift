import Foundation
import Testing
@testable import RelayCore

@Suite struct PaymentTransformTests {
    private let transform = PaymentTransform(today: { "2026-11-21" })

    private func event(_ json: String) throws -> PaymentEvent { try PaymentEventDecoder().decode(Array(json.utf8)).get() }

    @Test func mapsEveryFieldWithNegativeAmountAndToken() throws {
        let request = transform.request(for: try event("""
        {"eventId":"evt-1","idempotencyKey":"order-42","customerNumber":"C10000","amount":"1500.00","postingDate":"2026-11-01",
         "documentNumber":"D1","invoiceNumber":"103001","description":"Card payment","comment":"thanks","externalReference":"psp-9"}
        """))
        #expect(request.amount == Decimal(string: "-1500.00"))
        #expect(request.externalDocumentNumber == "PR-7FWB2NY44E7EZSDE99KESA0WDE47TKEE")
        #expect(request.customerNumber == "C10000")
        #expect(request.postingDate == "2026-11-01")
        #expect(request.documentNumber == "D1")
        #expect(request.appliesToInvoiceNumber == "103001")
        #expect(request.description == "Card payment")
        #expect(request.comment == "thanks | ref:psp-9 | event:evt-1")
    }

    @Test func postingDateFallsBackToOccurredAtThenToday() throws {
        let fromOccurred = transform.request(for: try event(#"{"eventId":"e","customerNumber":"C1","amount":"1","occurredAt":"2026-10-05T23:59:00-05:00"}"#))
        #expect(fromOccurred.postingDate == "2026-10-05")
        let fromToday = transform.request(for: try event(#"{"eventId":"e","customerNumber":"C1","amount":"1"}"#))
        #expect(fromToday.postingDate == "2026-11-21")
    }

    @Test func invoiceIdWinsOverInvoiceNumber() throws {
        let request = transform.request(for: try event(#"{"eventId":"e","customerNumber":"C1","amount":"1","invoiceNumber":"X","invoiceId":"6f0b8d3e-1c1a-4b1e-9f0e-0d4c5a7b8c9d"}"#))
        #expect(request.appliesToInvoiceId != nil)
        #expect(request.appliesToInvoiceNumber == nil)
    }

    @Test func commentKeepsEventIdWithinBCLimit() throws {
        let long = String(repeating: "c", count: 250)
        let id = String(repeating: "i", count: 128)
        let comment = PaymentTransform.comment(for: try event(#"{"eventId":"\#(id)","customerNumber":"C1","amount":"1","comment":"\#(long)","externalReference":"\#(String(repeating: "r", count: 35))"}"#))
        #expect(comment.count <= 250)
        #expect(comment.hasSuffix("event:" + id))
        #expect(comment.hasPrefix("ccc"))
    }
}

@Suite struct TokenDocumentNumberTests {
    @Test func onlyEventsWithoutTheirOwnDocumentNumberGetTheTokens() {
        let transform = PaymentTransform(today: { "2026-11-30" }, tokenDocumentNumbers: true)
        let plain = PaymentEvent(eventId: "e1", idempotencyKey: "order-42", customerNumber: "C10000", amount: Amount(minorUnits: 1000)!)
        let own = PaymentEvent(eventId: "e2", customerNumber: "C10000", amount: Amount(minorUnits: 1000)!, documentNumber: "INV-1")
        let number = transform.request(for: plain).documentNumber
        #expect(number == IdempotencyToken(idempotencyKey: "order-42").documentNumber)
        #expect(number?.count == 20)
        #expect(number?.allSatisfy { $0.isASCII && ($0.isUppercase || $0.isNumber) } == true)
        #expect(transform.request(for: own).documentNumber == "INV-1")
        #expect(PaymentTransform(today: { "2026-11-30" }).request(for: plain).documentNumber == nil)
    }
}
