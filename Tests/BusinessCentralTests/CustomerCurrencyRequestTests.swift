import BusinessCentral
import Foundation
import Testing

/// The reads behind the currency check and the posted-entry search: URLs, filters and decoding.
@Suite struct CustomerCurrencyRequestTests {
    let transport = ScriptedTransport()

    @Test func customerCurrencyByNumberBlankAndUnknown() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[{"id":"aaaaaaaa-0000-0000-0000-000000000001","number":"C10000","currencyCode":"eur"}]}"#)),
                          .response(.json(200, #"{"value":[{"id":"aaaaaaaa-0000-0000-0000-000000000002","number":"C20000","currencyCode":""}]}"#)),
                          .response(.json(200, #"{"value":[]}"#)))
        let client = try Fixtures.client(transport)
        #expect(try await client.customerCurrency(number: " c10000", id: nil, companyId: Fixtures.companyId) == "EUR")
        #expect(try await client.customerCurrency(number: "C20000", id: nil, companyId: Fixtures.companyId) == "")
        #expect(try await client.customerCurrency(number: "C99999", id: nil, companyId: Fixtures.companyId) == nil)
        let url = try #require(transport.apiRequests.first?.url.absoluteString)
        #expect(url == "\(Fixtures.apiBase)/companies(\(Fixtures.company))/customers?$filter=number%20eq%20%27C10000%27&$top=1")
    }

    @Test func customerCurrencyById() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[{"id":"aaaaaaaa-0000-0000-0000-000000000001","currencyCode":"GBP"}]}"#)))
        let client = try Fixtures.client(transport)
        let id = UUID(uuidString: "AAAAAAAA-0000-0000-0000-000000000001")!
        #expect(try await client.customerCurrency(number: "ignored", id: id, companyId: Fixtures.companyId) == "GBP")
        #expect(transport.apiRequests.first?.url.absoluteString.hasSuffix("/customers?$filter=id%20eq%20aaaaaaaa-0000-0000-0000-000000000001&$top=1") == true)
    }

    @Test func companyCurrencyFromCompanyInformation() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[{"id":"bbbbbbbb-0000-0000-0000-000000000001","displayName":"CRONUS","currencyCode":"USD"}]}"#)),
                          .response(.json(200, #"{"value":[{"id":"bbbbbbbb-0000-0000-0000-000000000001","currencyCode":""}]}"#)))
        let client = try Fixtures.client(transport)
        #expect(try await client.companyCurrency(companyId: Fixtures.companyId) == "USD")
        let error = await bcError { _ = try await client.companyCurrency(companyId: Fixtures.companyId) }
        #expect(error?.code == "InvalidResponse")
        #expect(transport.apiRequests.first?.url.absoluteString == "\(Fixtures.apiBase)/companies(\(Fixtures.company))/companyInformation")
    }

    @Test func postedEntryByDocumentNumberReadsThePrimary() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[{"id":"cccccccc-0000-0000-0000-000000000001","documentNumber":"PR0123"}]}"#)),
                          .response(.json(200, #"{"value":[]}"#)))
        let client = try Fixtures.client(transport)
        #expect(try await client.postedEntry(documentNumber: "PR0123", companyId: Fixtures.companyId) == UUID(uuidString: "CCCCCCCC-0000-0000-0000-000000000001"))
        #expect(try await client.postedEntry(documentNumber: "PR0124", companyId: Fixtures.companyId) == nil)
        let request = try #require(transport.apiRequests.first)
        #expect(request.url.absoluteString.hasSuffix("/generalLedgerEntries?$filter=documentNumber%20eq%20%27PR0123%27&$top=1"))
        #expect(request.header("Data-Access-Intent") == "ReadWrite")
    }
}
