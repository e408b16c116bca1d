import BCSimulator
import Foundation
import Testing

/// Posting turns lines into general ledger entries, found by their document number (posted entries carry no external
/// document number).
@Suite struct GeneralLedgerEntryTests {
    @Test func postedLinesAreFoundByDocumentNumber() async throws {
        try await withSimulator { (sim) async throws in
            let company = Seed.company.uuidString.lowercased()
            let path = "companies(\(company))/generalLedgerEntries"
            let query = "?$filter=" + encoded("documentNumber eq 'PR0001'") + "&$top=1"
            #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-12.5,"documentNumber":"PR0001"}"#).status == 201)
            #expect(try await sim.create(#"{"customerNumber":"C20000","amount":-7,"documentNumber":"PR0002"}"#).status == 201)
            let before = try await sim.call("GET", path + query)
            #expect(before.status == 200 && before.values.isEmpty, "unposted lines have no ledger entries")

            #expect(sim.simulator.postJournal(code: "GENERAL") == .posted(count: 2))
            let after = try await sim.call("GET", path + query)
            #expect(after.status == 200)
            #expect(after.values.count == 1)
            #expect(after.values.first?["documentNumber"] as? String == "PR0001")
            #expect(after.values.first?["creditAmount"] as? Double == 12.5)
            let lowerCase = try await sim.call("GET", path + "?$filter=" + encoded("documentNumber eq 'pr0002'"))
            #expect(lowerCase.values.map { $0["documentNumber"] as? String } == ["PR0002"], "Code fields compare upper-cased")
            let all = try await sim.call("GET", path)
            #expect(all.values.count == 2)
        }
    }
}
