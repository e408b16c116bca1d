import BCSimulator
import Foundation
import Testing

/// `customers` and `companyInformation`, which a client reads for its currency check.
@Suite struct MasterDataTests {
    static let euroCustomer = UUID(uuidString: "33333333-0000-0000-0000-000000000004")!

    /// The test seed plus a customer in EUR, and the second company keeping its books in GBP.
    static func currencies(_ configuration: inout SimulatorConfiguration) {
        configuration.companies[1].currencyCode = "GBP"
        configuration.customers.append(SimCustomer(id: euroCustomer, number: "c40000", name: "Fabrikam Europe",
                                                   currencyCode: " eur"))
    }

    private static func customers(_ company: UUID) -> String {
        "companies(\(company.uuidString.lowercased()))/customers"
    }

    @Test(arguments: [
        (Seed.company, "C10000", "USD", " "),
        (Seed.company, "c40000", "EUR", " "),
        (Seed.otherCompany, "C10000", "GBP", " "),
        (Seed.otherCompany, "C40000", "EUR", " "),
        (Seed.company, "C20000", "USD", "Invoice"),
        (Seed.company, "C30000", "USD", "All"),
    ])
    func customerByNumberCarriesItsCurrency(company: UUID, number: String, currency: String, blocked: String) async throws {
        try await withSimulator(Self.currencies) { (sim) async throws in
            let reply = try await sim.call("GET", Self.customers(company) + "?$filter=" + encoded("number eq '\(number)'") + "&$top=1")
            #expect(reply.status == 200)
            #expect((reply.json["@odata.context"] as? String)?.hasSuffix("/$metadata#companies(\(company.uuidString.lowercased()))/customers") == true)
            let customer = try #require(reply.values.first)
            #expect(reply.values.count == 1)
            #expect(customer["number"] as? String == number.uppercased())
            // A blank currency is the local one: BC's page shows the company's LCY code for it.
            #expect(customer["currencyCode"] as? String == currency)
            #expect(customer["blocked"] as? String == blocked)
            #expect(UUID(uuidString: customer["id"] as? String ?? "") != nil)
            #expect(!(customer["displayName"] as? String ?? "").isEmpty)
            for key in ["@odata.etag", "type", "currencyId", "balanceDue", "lastModifiedDateTime"] {
                #expect(customer[key] != nil, "\(key)")
            }
        }
    }

    @Test func customerListingFilteringAndKeys() async throws {
        try await withSimulator(Self.currencies) { (sim) async throws in
            let path = Self.customers(Seed.company)
            let all = try await sim.call("GET", path)
            #expect(all.values.map { $0["number"] as? String } == ["C10000", "C20000", "C30000", "C40000"])
            let paged = try await sim.call("GET", path + "?$top=2&$skip=1")
            #expect(paged.values.map { $0["number"] as? String } == ["C20000", "C30000"])
            let unknown = try await sim.call("GET", path + "?$filter=" + encoded("number eq 'C99999'"))
            #expect(unknown.status == 200 && unknown.values.isEmpty)
            let byName = try await sim.call("GET", path + "?$filter=" + encoded("displayName eq 'adatum corporation'"))
            #expect(byName.values.map { $0["number"] as? String } == ["C10000"])
            let byCurrency = try await sim.call("GET", path + "?$filter=" + encoded("currencyCode eq 'EUR'"))
            #expect(byCurrency.values.map { $0["number"] as? String } == ["C40000"])
            let badProperty = try await sim.call("GET", path + "?$filter=" + encoded("colour eq 'red'"))
            #expect(badProperty.status == 400)

            let one = try await sim.call("GET", path + "(\(Self.euroCustomer.uuidString.lowercased()))")
            #expect(one.status == 200 && one.json["number"] as? String == "C40000")
            #expect((one.json["@odata.context"] as? String)?.hasSuffix("/customers/$entity") == true)
            let missing = try await sim.call("GET", path + "(\(UUID().uuidString))")
            #expect(missing.status == 404 && missing.errorCode == "BadRequest_NotFound")
            #expect(try await sim.call("GET", Self.customers(UUID())).status == 404)
        }
    }

    @Test(arguments: [(Seed.company, "CRONUS", "USD"), (Seed.otherCompany, "Other", "GBP")])
    func companyInformationIsACollectionOfOne(company: UUID, name: String, currency: String) async throws {
        try await withSimulator(Self.currencies) { (sim) async throws in
            let path = "companies(\(company.uuidString.lowercased()))/companyInformation"
            let reply = try await sim.call("GET", path)
            #expect(reply.status == 200)
            #expect((reply.json["@odata.context"] as? String)?.hasSuffix("/companyInformation") == true)
            #expect(reply.values.count == 1)
            let information = try #require(reply.values.first)
            #expect(information["displayName"] as? String == name)
            #expect(information["currencyCode"] as? String == currency)
            let id = try #require(information["id"] as? String)
            // The Company Information record has a SystemId of its own, not the company's id.
            #expect(id != company.uuidString.lowercased())
            let byId = try await sim.call("GET", path + "(\(id))")
            #expect(byId.status == 200 && byId.json["currencyCode"] as? String == currency)
            #expect(try await sim.call("GET", path + "(\(UUID().uuidString))").status == 404)
        }
        try await withSimulator { (sim) async throws in
            let unknown = try await sim.call("GET", "companies(\(UUID().uuidString))/companyInformation")
            #expect(unknown.status == 404)
        }
    }

    @Test func configurationDefaultsAndDemoSeedCurrencies() {
        #expect(SimCompany(id: UUID(), name: "X").currencyCode == "USD")
        #expect(SimCustomer(id: UUID(), number: "c1", name: "X").currencyCode == "")
        let demo = SimulatorConfiguration.demo()
        #expect(demo.companies.map(\.currencyCode) == ["USD", "GBP"])
        #expect(demo.customers.filter { !$0.currencyCode.isEmpty }.map(\.currencyCode) == ["EUR"])
        #expect(demo.customers.filter { $0.currencyCode.isEmpty }.count >= 5)
        // The customers the demo, the benchmark and the relay tests book stay in the local currency.
        let local = ["C10000", "C20000", "C30000", "C40000", "C50000", "C60000"]
        #expect(demo.customers.filter { local.contains($0.number) }.allSatisfy { $0.currencyCode.isEmpty })
    }
}
