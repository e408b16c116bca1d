import BusinessCentral
import Foundation
import Synchronization
import Testing

/// A journal deleted or recreated under the relay: the cached id is forgotten once, the failure is transient (the
/// booking retries and resolves the journal again), never a rejection of the payment.
@Suite struct JournalGoneTests {
    private static let create = CustomerPaymentCreate(customerNumber: "10000", externalDocumentNumber: "PAY-1", amount: Decimal(string: "-10.00")!)
    private static let gone = HTTPClientResponse.odataError(404, code: "BadRequest_NotFound",
                                                            message: "The Gen. Journal Batch does not exist. Identification fields and values: SystemId='x'")
    private static func journalList(_ id: String) -> HTTPClientResponse {
        .json(200, #"{"value":[{"id":"\#(id)","code":"RELAY","displayName":"Relay"}]}"#)
    }

    @Test func aVanishedJournalIsResolvedAgainAndTheFailureIsTransient() async throws {
        let newId = "00000000-0000-0000-0000-00000000beef"
        let transport = ScriptedTransport(script: [
            .response(Self.journalList(Fixtures.journal)),
            .response(Self.gone),
            .response(Self.journalList(newId)),
            .response(.json(201, Fixtures.createdLine())),
        ])
        let client = try Fixtures.client(transport)
        let journal = try await client.journal(code: "RELAY", displayName: "Relay", companyId: Fixtures.companyId)
        let error = await bcError { _ = try await client.createCustomerPayment(Self.create, journalId: journal.id, companyId: Fixtures.companyId) }
        #expect(error?.kind == .transient)
        #expect(error?.code == "JournalNotFound")
        let again = try await client.journal(code: "RELAY", displayName: "Relay", companyId: Fixtures.companyId)
        #expect(again.id == UUID(uuidString: newId))
        _ = try await client.createCustomerPayment(Self.create, journalId: again.id, companyId: Fixtures.companyId)
        #expect(transport.apiRequests.map(\.method) == ["GET", "POST", "GET", "POST"])
    }

    /// Many bookings failing on the same stale id resolve the journal once.
    @Test func manyFailuresOnOneStaleIdResolveTheJournalOnce() async throws {
        let transport = ScriptedTransport(script: [.response(Self.journalList(Fixtures.journal))]
            + Array(repeating: .response(Self.gone), count: 5) + [.response(Self.journalList("00000000-0000-0000-0000-00000000beef"))])
        let client = try Fixtures.client(transport)
        let journal = try await client.journal(code: "RELAY", displayName: "Relay", companyId: Fixtures.companyId)
        for _ in 0..<5 {
            _ = await bcError { _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: journal.id, companyId: Fixtures.companyId) }
        }
        for _ in 0..<3 { _ = try await client.journal(code: "RELAY", displayName: "Relay", companyId: Fixtures.companyId) }
        #expect(transport.apiRequests.filter { $0.url.absoluteString.contains("customerPaymentJournals?") }.count == 2)
    }

    @Test func anUnknownCustomerStaysPermanent() async throws {
        let transport = ScriptedTransport(script: [
            .response(.odataError(400, code: "BadRequest_NotFound", message: #"The \"customerNumber\" does not match to a Customer."#)),
        ])
        let client = try Fixtures.client(transport)
        let error = await bcError { _ = try await client.createCustomerPayment(Self.create, journalId: Fixtures.journalId, companyId: Fixtures.companyId) }
        #expect(error?.kind == .permanent)
    }
}
