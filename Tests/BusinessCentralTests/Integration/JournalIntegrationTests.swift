import BCSimulator
import BusinessCentral
import Foundation
import Testing

/// Journal get-or-create against the simulator, over real HTTP.
@Suite(.timeLimit(.minutes(1))) struct JournalIntegrationTests {
    @Test func createsTheMissingJournalThenFindsItWithoutAPost() async throws {
        try await withLiveBC { bc in
            #expect(!bc.simulator.journals().contains { $0.code == "RELAY" })
            let created = try await bc.client.journal(code: " relay ", displayName: "Payment relay", companyId: LiveBC.company)
            #expect(created.code == "RELAY")
            #expect(created.displayName == "Payment relay")
            let stored = bc.simulator.journals().filter { $0.code == "RELAY" }
            #expect(stored.map(\.id) == [created.id])
            #expect(bc.events.events.map(\.operation) == ["token", "journal.lookup", "journal.create"])

            // Same client: cached, no request at all.
            let again = try await bc.client.journal(code: "Relay", displayName: "ignored", companyId: LiveBC.company)
            #expect(again.id == created.id)
            #expect(bc.events.events.count == 3)

            // Another client (another process): finds it by code, no POST.
            let events = EventRecorder()
            let other = try bc.makeClient(observer: events.observer)
            let found = try await other.journal(code: "RELAY", displayName: "Payment relay", companyId: LiveBC.company)
            #expect(found.id == created.id)
            #expect(events.events.map(\.operation) == ["token", "journal.lookup"])
            #expect(bc.simulator.journals().filter { $0.code == "RELAY" }.count == 1)

            // Lines go into it.
            let line = try await bc.create(LiveBC.payment("J-1"), journal: found.id, with: other)
            #expect(line.journalDisplayName == "RELAY")
            #expect(bc.stored("J-1").map(\.journal) == ["RELAY"])
        }
    }

    @Test func findsTheSeededJournal() async throws {
        try await withLiveBC { bc in
            let journal = try await bc.client.journal(code: "general", displayName: "x", companyId: LiveBC.company)
            #expect(journal.id == LiveBC.general)
            #expect(bc.events.events.map(\.operation) == ["token", "journal.lookup"])
        }
    }

    @Test func concurrentClientsCreatingTheSameJournalEndWithOne() async throws {
        // Each client looks up (missing), then POSTs; the loser's 400 Internal_EntityWithSameKeyExists is a conflict,
        // after which it reads the winner's journal.
        // Latency on every API request makes all four lookups miss before the first POST lands.
        try await withLiveBC(simulator: { $0.faults = FaultPlan(latency: .milliseconds(50)) }) { bc in
            let clients = try (0..<4).map { _ in try bc.makeClient() }
            let results = await concurrently(clients.count) { index in
                try await clients[index].journal(code: "RACE", displayName: "Race", companyId: LiveBC.company).id
            }
            let ids = try results.map { try $0.get() }
            #expect(Set(ids).count == 1)
            #expect(bc.simulator.journals().filter { $0.code == "RACE" }.map(\.id) == [ids[0]])
            #expect(bc.simulator.stats.responsesByStatus[400, default: 0] >= 1, "the race happened")
        }
    }

    @Test func tooLongJournalCodeIsPermanent() async throws {
        try await withLiveBC { bc in
            let error = await bcError { _ = try await bc.client.journal(code: "ELEVENCHARS", displayName: "x", companyId: LiveBC.company) }
            #expect(error?.kind == .permanent)
            #expect(error?.code == "Application_StringExceededLength")
            #expect(!bc.simulator.journals().contains { $0.code == "ELEVENCHARS" })
        }
    }
}
