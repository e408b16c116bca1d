import BCSimulator
import Foundation
import Testing

@Suite struct JournalTests {
    private var journals: String { "companies(\(Seed.company.uuidString.lowercased()))/customerPaymentJournals" }

    @Test func filterByCodeHonoursQuotingAndCase() async throws {
        try await withSimulator { (sim) async throws in
            let created = try await sim.call("POST", journals, body: #"{"code":"  o'brien ","displayName":"Quoted"}"#)
            #expect(created.status == 201)
            #expect(created.json["code"] as? String == "O'BRIEN")
            let quoted = try await sim.call("GET", journals + "?$filter=" + encoded("code eq 'O''BRIEN'"))
            #expect(quoted.values.map { $0["displayName"] as? String } == ["Quoted"])
            let lower = try await sim.call("GET", journals + "?$filter=" + encoded("code eq 'general'"))
            #expect(lower.values.map { $0["id"] as? String } == [Seed.journal.uuidString.lowercased()])
            let none = try await sim.call("GET", journals + "?$filter=" + encoded("code eq 'MISSING'"))
            #expect(none.status == 200 && none.values.isEmpty)
            let all = try await sim.call("GET", journals)
            #expect(all.values.compactMap { $0["code"] as? String } == ["GENERAL", "O'BRIEN"])
        }
    }

    @Test func createReturnsTheJournalAndGetFindsIt() async throws {
        try await withSimulator { (sim) async throws in
            let created = try await sim.call("POST", journals, body: #"{"code":"relay-p0","displayName":"Relay partition 0"}"#)
            #expect(created.status == 201)
            #expect((created.json["@odata.context"] as? String)?.hasSuffix("/customerPaymentJournals/$entity") == true)
            #expect((created.json["@odata.etag"] as? String)?.hasPrefix("W/\"JzQ0O") == true)
            let id = try #require(created.json["id"] as? String)
            let fetched = try await sim.call("GET", journals + "(\(id))")
            #expect(fetched.json["code"] as? String == "RELAY-P0")
        }
    }

    @Test func duplicateCodeIsRefusedWithSameKeyExists() async throws {
        try await withSimulator { (sim) async throws in
            let duplicate = try await sim.call("POST", journals, body: #"{"code":" general"}"#)
            #expect(duplicate.status == 400)
            #expect(duplicate.errorCode == "Internal_EntityWithSameKeyExists")
            #expect(sim.simulator.journals().count == 1)
        }
    }

    @Test func codeLengthMissingCodeAndUnknownCompanyAreRefused() async throws {
        try await withSimulator { (sim) async throws in
            let long = try await sim.call("POST", journals, body: #"{"code":"ELEVENCHARS"}"#)
            #expect(long.status == 400)
            #expect(long.errorCode == "Application_StringExceededLength")
            #expect(long.errorMessage?.hasPrefix("The length of the string is 11, but it must be less than or equal to 10 characters. Value: ELEVENCHARS") == true)
            #expect(try await sim.call("POST", journals, body: #"{"displayName":"x"}"#).status == 400)
            let unknownProperty = try await sim.call("POST", journals, body: #"{"code":"X","colour":"red"}"#)
            #expect(unknownProperty.status == 400 && unknownProperty.errorCode == "BadRequest")
            let company = try await sim.call("GET", "companies(\(UUID().uuidString))/customerPaymentJournals")
            #expect(company.status == 404)
            #expect(company.errorCode == "BadRequest_NotFound")
        }
    }
}
