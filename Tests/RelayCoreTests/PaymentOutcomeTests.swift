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
