import BusinessCentral
import Foundation
import Testing

/// URLs, headers and exact bodies of the payment create and lookup calls, and decoding of what BC returns.
@Suite struct CustomerPaymentRequestTests {
    let transport = ScriptedTransport()

    @Test func createPostsExactBodyToNestedPathWithHeaders() async throws {
        transport.enqueue(.response(.json(201, Fixtures.createdLine(amount: "-1500"))))
        let client = try Fixtures.client(transport)
        let payment = CustomerPaymentCreate(
            customerNumber: "10000", postingDate: "2026-11-20", externalDocumentNumber: "PAY-1",
            amount: Decimal(string: "-1500.00")!, appliesToInvoiceNumber: "103001", comment: "Ref \"A\"\n2"
        )
        _ = try await client.createCustomerPayment(payment, journalId: Fixtures.journalId, companyId: Fixtures.companyId)

        let request = try #require(transport.apiRequests.first)
        #expect(request.method == "POST")
        #expect(request.url.absoluteString == "\(Fixtures.apiBase)/companies(\(Fixtures.company))/customerPaymentJournals(\(Fixtures.journal))/customerPayments")
        #expect(request.header("Authorization") == "Bearer token-1")
        #expect(request.header("Accept") == "application/json")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Data-Access-Intent") == nil)
        #expect(request.bodyText == #"{"customerNumber":"10000","postingDate":"2026-11-20","externalDocumentNumber":"PAY-1","amount":-1500.00,"appliesToInvoiceNumber":"103001","comment":"Ref \"A\"\n2"}"#)
        #expect(transport.timeouts == [.seconds(7)])
    }

    @Test(arguments: [
        ("-1500.00", "-1500.00"), ("-0.10", "-0.10"), ("1234567890.12", "1234567890.12"),
        ("-0.1", "-0.10"), ("-7", "-7.00"), ("-12.345", "-12.345"), ("-99999999999999999999.99", "-99999999999999999999.99"),
    ])
    func amountIsTheExactDecimalLiteral(input: String, expected: String) {
        let payment = CustomerPaymentCreate(customerNumber: "C", amount: Decimal(string: input)!)
        #expect(payment.jsonBody() == #"{"customerNumber":"C","amount":\#(expected)}"#)
    }

    @Test func everyFieldIsWrittenWithGuidsLowerCase() {
        let customer = UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE")!
        let invoice = UUID(uuidString: "11111111-2222-3333-4444-5555AAAABBBB")!
        let payment = CustomerPaymentCreate(
            customerNumber: "10000", customerId: customer, postingDate: "2026-11-20", documentNumber: "D1",
            externalDocumentNumber: "K1", amount: Decimal(string: "-0.10")!, appliesToInvoiceNumber: "103001",
            appliesToInvoiceId: invoice, description: "Paid", comment: "c"
        )
        #expect(payment.jsonBody() == #"{"customerNumber":"10000","customerId":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","postingDate":"2026-11-20","documentNumber":"D1","externalDocumentNumber":"K1","amount":-0.10,"appliesToInvoiceNumber":"103001","appliesToInvoiceId":"11111111-2222-3333-4444-5555aaaabbbb","description":"Paid","comment":"c"}"#)
    }

    @Test func createdLineIsDecodedExactly() async throws {
        transport.enqueue(.response(.json(201, Fixtures.createdLine(amount: "-0.10", lineNumber: 20000))))
        let client = try Fixtures.client(transport)
        let line = try await client.createCustomerPayment(
            CustomerPaymentCreate(customerNumber: "10000", amount: Decimal(string: "-0.10")!),
            journalId: Fixtures.journalId, companyId: Fixtures.companyId
        )
        #expect(line.id == Fixtures.lineId)
        #expect(line.lineNumber == 20000)
        #expect(line.journalId == Fixtures.journalId)
        #expect(line.journalDisplayName == "RELAY")
        #expect(line.amount == Decimal(string: "-0.10")!)
        #expect(line.amount.description == "-0.1")
        #expect(line.etag?.hasPrefix("W/\"JzQ0O") == true)
        #expect(line.customerId == nil, "the all-zero GUID means not set")
        #expect(line.appliesToInvoiceNumber == "103001")
        #expect(line.documentNumber == "G02001")
        #expect(line.externalDocumentNumber == "PAY-1")
        #expect(line.lastModifiedDateTime == "2026-11-20T10:15:30.123Z")
    }

    @Test func largeAmountsDecodeWithoutBinaryRounding() async throws {
        transport.enqueue(.response(.json(201, Fixtures.createdLine(amount: "1234567890.12"))))
        let client = try Fixtures.client(transport)
        let line = try await client.createCustomerPayment(
            CustomerPaymentCreate(customerNumber: "1", amount: 1), journalId: Fixtures.journalId, companyId: Fixtures.companyId
        )
        #expect(line.amount == Decimal(string: "1234567890.12")!)
    }

    @Test func unreadable201IsOutcomeUnknownBecauseTheLineExists() async throws {
        transport.enqueue(.response(.json(201, #"{"id":"not-a-guid"}"#)))
        let client = try Fixtures.client(transport)
        let error = await bcError {
            _ = try await client.createCustomerPayment(CustomerPaymentCreate(customerNumber: "1", amount: -1), journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        }
        #expect(error?.kind == .outcomeUnknown)
        #expect(error?.code == "InvalidResponse")
    }

    @Test func lookupQuotesPercentEncodesAndReadsThePrimary() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[]}"#)))
        let client = try Fixtures.client(transport)
        let found = try await client.findCustomerPayments(externalDocumentNumber: "O'BRIEN & CO/#1", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        #expect(found.isEmpty)
        let request = try #require(transport.apiRequests.first)
        #expect(request.method == "GET")
        #expect(request.url.absoluteString == "\(Fixtures.apiBase)/companies(\(Fixtures.company))/customerPaymentJournals(\(Fixtures.journal))/customerPayments?$filter=externalDocumentNumber%20eq%20%27O%27%27BRIEN%20%26%20CO%2F%231%27&$top=2")
        #expect(request.header("Data-Access-Intent") == "ReadWrite")
        #expect(request.header("Authorization") == "Bearer token-1")
        #expect(request.header("Accept") == "application/json")
        #expect(request.body == nil)
        #expect(request.header("Content-Type") == nil)
    }

    @Test func lookupUpperCasesTheKeyLikeBCStoresCodeFields() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[]}"#)))
        let client = try Fixtures.client(transport)
        _ = try await client.findCustomerPayments(externalDocumentNumber: " pay-1 ", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        #expect(transport.apiRequests.first?.url.query == "$filter=externalDocumentNumber%20eq%20%27PAY-1%27&$top=2")
    }

    @Test func lookupDecodesEveryMatch() async throws {
        let line = Fixtures.createdLine(amount: "-1500.00")
        transport.enqueue(.response(.json(200, #"{"@odata.context":"x","value":[\#(line),\#(line)]}"#)))
        let client = try Fixtures.client(transport)
        let found = try await client.findCustomerPayments(externalDocumentNumber: "PAY-1", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.amount == Decimal(string: "-1500")! && $0.id == Fixtures.lineId })
    }

    @Test func baseURLWithTrailingSlashAndNoTenantBuildsTheSamePaths() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[]}"#)))
        let base = BusinessCentralConfiguration.onlineBaseURL(tenant: nil, environment: "production").absoluteString + "/"
        #expect(base == "https://api.businesscentral.dynamics.com/v2.0/production/api/v2.0/")
        let client = try Fixtures.client(transport, configuration: Fixtures.configuration(apiBaseURL: base))
        _ = try await client.findCustomerPayments(externalDocumentNumber: "K", journalId: Fixtures.journalId, companyId: Fixtures.companyId)
        #expect(transport.apiRequests.first?.url.path.hasPrefix("/v2.0/production/api/v2.0/companies(") == true)
    }

    @Test func companyReadsTheCompanyByUnquotedKey() async throws {
        transport.enqueue(.response(.json(200, #"{"id":"\#(Fixtures.company)","systemVersion":"25.0","name":"CRONUS USA, Inc.","displayName":"CRONUS"}"#)))
        let client = try Fixtures.client(transport)
        let company = try await client.company(id: Fixtures.companyId)
        #expect(company.id == Fixtures.companyId)
        #expect(company.name == "CRONUS USA, Inc.")
        #expect(transport.apiRequests.first?.url.absoluteString == "\(Fixtures.apiBase)/companies(\(Fixtures.company))")
    }
}
