import Foundation
import Testing
@testable import RelayCore

@Suite struct PaymentOutcomeTests {
    private let source = SourcePosition(topic: "payments.received", partition: 3, offset: 42, timestamp: Date(timeIntervalSince1970: 1_795_000_000))

    @Test func bookedOutcomeHasEveryField() throws {
        let id = UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!
        let outcome = PaymentOutcome(eventId: "e\"1", idempotencyKey: "k", status: .created, customerPaymentId: id, journalCode: "RELAY",
                                     bcToken: "PR-X", amount: Amount(minorUnits: 150_000), attempts: 1, error: nil, source: source,
                                     processedAt: Date(timeIntervalSince1970: 1_795_000_001))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.jsonBytes())) as? [String: Any])
        #expect(object["eventId"] as? String == "e\"1")
        #expect(object["status"] as? String == "created")
        #expect(object["customerPaymentId"] as? String == "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
        #expect(object["amount"] as? String == "1500.00")
        #expect(object["attempts"] as? Int == 1)
        #expect(object["error"] is NSNull)
        #expect((object["source"] as? [String: Any])?["offset"] as? Int == 42)
        #expect(object["processedAt"] as? String == "2026-11-18T11:06:41.000Z")
    }

    @Test func outcomeNamesTheCustomerAndDocumentNumberAndReadsBack() throws {
        let id = UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!, customerId = UUID()
        let token = IdempotencyToken(idempotencyKey: "k")
        let outcome = PaymentOutcome(eventId: "e1", idempotencyKey: "k", status: .duplicate, customerPaymentId: id, journalCode: "RELAY",
                                     bcToken: token.value, amount: Amount(minorUnits: 150_000), attempts: 2, error: nil, source: source,
                                     processedAt: Date(timeIntervalSince1970: 1_795_000_001), customerNumber: "C10000", customerId: customerId,
                                     documentNumber: token.documentNumber)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.jsonBytes())) as? [String: Any])
        #expect(object["customerNumber"] as? String == "C10000")
        #expect(object["customerId"] as? String == customerId.uuidString.lowercased())
        #expect(object["documentNumber"] as? String == token.documentNumber)

        let read = try #require(RecordedOutcome(json: outcome.jsonBytes()))
        #expect(read == RecordedOutcome(eventId: "e1", status: .duplicate, customerPaymentId: id, token: token.value, amount: Amount(minorUnits: 150_000),
                                        customerNumber: "C10000", customerId: customerId, documentNumber: token.documentNumber,
                                        processedAt: Date(timeIntervalSince1970: 1_795_000_001), source: "payments.received/3/42"))
        #expect(read.isBooked)
    }

    @Test func outcomesOfEarlierReleasesAndOtherRecordsReadAsFarAsTheyGo() throws {
        let old = #"{"eventId":"e","idempotencyKey":"k","status":"failed","customerPaymentId":null,"journalCode":"RELAY","bcToken":"PR-X","amount":"5.00","attempts":3,"error":{"class":"outcome_unknown","code":null,"message":"m","httpStatus":null},"source":{"topic":"t","partition":0,"offset":7},"processedAt":"2026-03-02T10:00:00.000Z"}"#
        let read = try #require(RecordedOutcome(json: Array(old.utf8)))
        #expect(read.customerNumber == nil && read.documentNumber == nil)
        #expect(read.errorClass == "outcome_unknown")
        #expect(read.amount == Amount(minorUnits: 500))
        #expect(!read.isBooked)
        #expect(RecordedOutcome(json: Array("{}".utf8)) == nil)
        #expect(RecordedOutcome(json: Array(#"{"status":"lost","processedAt":"2026-03-02T10:00:00Z"}"#.utf8)) == nil)
        #expect(RecordedOutcome(json: Array(#"{"status":"created","processedAt":"yesterday"}"#.utf8)) == nil)
    }

    @Test func rejectedOutcomeCarriesTheError() throws {
        let failure = BookingFailure(failureClass: .permanent, code: "Application_X", message: "bad", httpStatus: 400)
        let outcome = PaymentOutcome(eventId: nil, idempotencyKey: nil, status: .rejected, customerPaymentId: nil, journalCode: "J",
                                     bcToken: nil, amount: nil, attempts: 1, error: failure, source: source, processedAt: Date())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.jsonBytes())) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["class"] as? String == "permanent")
        #expect(error["code"] as? String == "Application_X")
        #expect(error["httpStatus"] as? Int == 400)
        #expect(object["eventId"] is NSNull)
    }

    @Test func deadLetterHeadersNameEverythingAndCapTheMessage() {
        let failure = BookingFailure(failureClass: .transient, code: nil, message: String(repeating: "é", count: 2000), httpStatus: 503)
        let headers = Dictionary(uniqueKeysWithValues: DeadLetterHeaders.make(failure: failure, attempts: 4, source: source, eventId: "e1",
                                                                             failedAt: Date(timeIntervalSince1970: 0)))
        // Every header the relay adds is one a replay strips; `valueDropped` is added only to a dead letter too large for Kafka.
        #expect(Set(headers.keys) == Set(DeadLetterHeaders.all).subtracting([DeadLetterHeaders.valueDropped]))
        #expect(headers[DeadLetterHeaders.errorMessage]!.utf8.count <= 1024)
        #expect(headers[DeadLetterHeaders.httpStatus] == "503")
        #expect(headers[DeadLetterHeaders.attempts] == "4")
        #expect(headers[DeadLetterHeaders.originalOffset] == "42")
        #expect(headers[DeadLetterHeaders.failedAt] == "1970-01-01T00:00:00.000Z")
    }
}
