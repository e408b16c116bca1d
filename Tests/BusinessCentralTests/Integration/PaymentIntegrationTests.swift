import BCSimulator
import BusinessCentral
import Foundation
import Testing

/// Customer payment creates and lookups against the simulator, over real HTTP.
@Suite(.timeLimit(.minutes(1))) struct PaymentIntegrationTests {
    @Test(arguments: ["-1500.00", "-0.10", "-1234567890.12"])
    func createDecodesTheStoredLineExactly(_ amount: String) async throws {
        try await withLiveBC { bc in
            let invoice = bc.seed.invoices[0]
            var payment = LiveBC.payment("pay-\(amount)", amount: amount)
            payment.documentNumber = "doc-7"
            payment.appliesToInvoiceNumber = invoice.number
            payment.comment = "Kafka offset 42"
            let created = try await bc.create(payment)

            let expected = Decimal(string: amount)!
            #expect(created.amount == expected)
            #expect(created.lineNumber == 10000)
            #expect(created.journalId == LiveBC.general)
            #expect(created.journalDisplayName == "GENERAL")
            #expect(created.externalDocumentNumber == "PAY-\(amount)", "Code[35] is upper-cased")
            #expect(created.documentNumber == "DOC-7")
            #expect(created.customerNumber == "C10000")
            #expect(created.appliesToInvoiceId == invoice.id)
            #expect(created.postingDate == "2026-11-20")
            #expect(created.etag?.hasPrefix("W/\"") == true)

            let lines = bc.simulator.lines()
            #expect(lines.count == 1)
            let line = try #require(lines.first)
            #expect(line.id == created.id)
            #expect(line.amount == expected)
            #expect(line.lineNumber == created.lineNumber)
            #expect(line.externalDocumentNumber == created.externalDocumentNumber)
            #expect(line.appliesToInvoiceNumber == invoice.number)
            #expect(line.comment == "Kafka offset 42")
            #expect(line.description == "integration test")
        }
    }

    @Test func lineNumbersFollowEachOtherAndCustomerIdWorks() async throws {
        try await withLiveBC { bc in
            let first = try await bc.create(LiveBC.payment("SEQ-1"))
            let customerId = try #require(first.customerId)
            let second = try await bc.create(CustomerPaymentCreate(customerId: customerId, externalDocumentNumber: "SEQ-2", amount: -5))
            #expect(first.lineNumber == 10000)
            #expect(second.lineNumber == 20000)
            #expect(second.customerNumber == "C10000")
            #expect(second.postingDate == "2026-11-20", "defaults to the previous line's date")
        }
    }

    @Test(arguments: [
        (CustomerPaymentCreate(customerNumber: "C99999", externalDocumentNumber: "V-1", amount: -1),
         "Application_DialogException", #"The "customerNumber" does not match to a Customer."#),
        (CustomerPaymentCreate(customerNumber: "C10000", externalDocumentNumber: String(repeating: "X", count: 36), amount: -1),
         "Application_StringExceededLength", "The length of the string is 36, but it must be less than or equal to 35 characters."),
        (CustomerPaymentCreate(customerNumber: "C10000", externalDocumentNumber: "V-3", amount: -1,
                               appliesToInvoiceId: UUID(uuidString: "DEADBEEF-0000-0000-0000-000000000000")!),
         "Application_DialogException", #"The "appliesToInvoiceId" should be the ID of an Open, Paid, Corrective, or Canceled Invoice."#),
        (CustomerPaymentCreate(customerNumber: "C60000", externalDocumentNumber: "V-4", amount: -1),
         "Application_DialogException", "You cannot create this type of document when Customer C60000 is blocked with type All"),
    ])
    func validationErrorsArePermanentWithBCsCodeAndMessage(_ payment: CustomerPaymentCreate, _ code: String, _ message: String) async throws {
        try await withLiveBC { bc in
            let error = await bcError { _ = try await bc.create(payment) }
            #expect(error?.kind == .permanent)
            #expect(error?.httpStatus == 400)
            #expect(error?.code == code)
            #expect(error?.message.hasPrefix(message) == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("CorrelationId:") == true)
            #expect(bc.simulator.lines().isEmpty)
        }
    }

    @Test func unknownAppliesToInvoiceNumberIsAcceptedAtCreate() async throws {
        try await withLiveBC { bc in
            var payment = LiveBC.payment("INV-UNKNOWN")
            payment.appliesToInvoiceNumber = "999999"
            let created = try await bc.create(payment)
            #expect(created.appliesToInvoiceNumber == "999999")
            #expect(bc.stored("INV-UNKNOWN").map(\.appliesToInvoiceNumber) == ["999999"])
        }
    }

    @Test func lookupQuotesAndEncodesAwkwardKeys() async throws {
        // Every character that breaks a naive URL or OData literal: ' (doubled), & and # (cut a query), / + and space.
        let key = "o'brien & sons/#1+a b"
        let stored = key.uppercased()
        #expect(stored.count <= 35)
        try await withLiveBC { bc in
            // Decoys: what a truncated or mis-decoded filter would match instead.
            for decoy in ["O'BRIEN ", "O'BRIEN & SONS/", "O'BRIEN & SONS/#1 A B", "OBRIEN & SONS/#1+A B"] {
                _ = try await bc.create(LiveBC.payment(decoy))
            }
            let created = try await bc.create(LiveBC.payment(key))
            #expect(created.externalDocumentNumber == stored)

            let found = try await bc.find(key)
            #expect(found.map(\.id) == [created.id])
            #expect(try await bc.find(stored).map(\.id) == [created.id])
            #expect(try await bc.find("O'BRIEN & SONS/#1+A").isEmpty)
        }
    }

    @Test func lookupReturnsAtMostTwoMatches() async throws {
        try await withLiveBC { bc in
            let first = try await bc.create(LiveBC.payment("DUP-1"))
            #expect(try await bc.find("DUP-1").map(\.id) == [first.id])
            let second = try await bc.create(LiveBC.payment("DUP-1"))
            #expect(try await bc.find("dup-1").map(\.id) == [first.id, second.id])
            _ = try await bc.create(LiveBC.payment("DUP-1"))
            #expect(bc.stored("DUP-1").count == 3)
            #expect(try await bc.find("DUP-1").map(\.id) == [first.id, second.id], "$top=2")
        }
    }

    @Test func postedLinesAreNotFound() async throws {
        try await withLiveBC { bc in
            _ = try await bc.create(LiveBC.payment("POSTED-1"))
            #expect(try await bc.find("POSTED-1").count == 1)
            #expect(bc.simulator.postJournal(code: "GENERAL") == .posted(count: 1))
            #expect(try await bc.find("POSTED-1").isEmpty)
            #expect(bc.stored("POSTED-1").map(\.isPosted) == [true])
        }
    }

    @Test func lookupReadsThePrimaryDespiteReplicaLag() async throws {
        try await withLiveBC(simulator: { $0.readReplicaLag = .seconds(30) }) { bc in
            let created = try await bc.create(LiveBC.payment("FRESH-1"))
            #expect(try await bc.find("FRESH-1").map(\.id) == [created.id])

            // Control: the same query without Data-Access-Intent: ReadWrite misses the line.
            let token = try await bc.client.tokenProvider.accessToken().reveal()
            let query = "?$filter=" + "externalDocumentNumber eq 'FRESH-1'".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let replica = try await bc.rawGET(LiveBC.paymentsPath() + query, token: token)
            #expect(replica.status == 200)
            #expect(!replica.body.contains(created.id.uuidString.lowercased()))
            let primary = try await bc.rawGET(LiveBC.paymentsPath() + query, token: token, headers: ["Data-Access-Intent": "ReadWrite"])
            #expect(primary.body.contains(created.id.uuidString.lowercased()))
        }
    }
}
