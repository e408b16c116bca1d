import BusinessCentral
import Foundation
import Synchronization
import Testing

/// Journal get-or-create: found, created, cached, shared between concurrent callers, and re-read after a race.
@Suite(.timeLimit(.minutes(1))) struct JournalTests {
    let transport = ScriptedTransport()
    static let journalJSON = #"{"@odata.etag":"W/\"x\"","id":"abcdef01-2345-6789-abcd-ef0123456789","code":"RELAY","displayName":"Payment relay","balancingAccountId":"00000000-0000-0000-0000-000000000000","balancingAccountNumber":"","lastModifiedDateTime":"2026-11-20T10:00:00Z"}"#
    static var lookupURL: String { "\(Fixtures.apiBase)/companies(\(Fixtures.company))/customerPaymentJournals?$filter=code%20eq%20%27RELAY%27" }

    @Test func existingJournalIsFoundByCode() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[\#(Self.journalJSON)]}"#)))
        let client = try Fixtures.client(transport)
        let journal = try await client.journal(code: "relay ", displayName: "Payment relay", companyId: Fixtures.companyId)
        #expect(journal.id == Fixtures.journalId)
        #expect(journal.code == "RELAY")
        #expect(journal.balancingAccountId == nil)
        #expect(journal.etag == "W/\"x\"")
        #expect(transport.apiRequests.map(\.url.absoluteString) == [Self.lookupURL])
        #expect(transport.apiRequests.first?.header("Data-Access-Intent") == "ReadWrite")
    }

    @Test func missingJournalIsCreated() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[]}"#)), .response(.json(201, Self.journalJSON)))
        let client = try Fixtures.client(transport)
        let journal = try await client.journal(code: "RELAY", displayName: "Payment \"relay\"", companyId: Fixtures.companyId)
        #expect(journal.id == Fixtures.journalId)
        let create = try #require(transport.apiRequests.last)
        #expect(create.method == "POST")
        #expect(create.url.absoluteString == "\(Fixtures.apiBase)/companies(\(Fixtures.company))/customerPaymentJournals")
        #expect(create.bodyText == #"{"code":"RELAY","displayName":"Payment \"relay\""}"#)
        #expect(create.header("Content-Type") == "application/json")
    }

    @Test func journalIdIsCachedPerCompanyAndCode() async throws {
        transport.enqueue(.response(.json(200, #"{"value":[\#(Self.journalJSON)]}"#)), .response(.json(200, #"{"value":[\#(Self.journalJSON)]}"#)))
        let client = try Fixtures.client(transport)
        for _ in 0..<3 { _ = try await client.journal(code: "RELAY", displayName: "x", companyId: Fixtures.companyId) }
        #expect(transport.apiRequests.count == 1)
        _ = try await client.journal(code: "RELAY", displayName: "x", companyId: UUID())
        #expect(transport.apiRequests.count == 2, "another company is another journal")
    }

    @Test func concurrentCallersShareOneLookup() async throws {
        let released = Gate()
        transport.enqueue(.handler { _ in
            await released.wait()
            return .json(200, #"{"value":[\#(Self.journalJSON)]}"#)
        })
        let client = try Fixtures.client(transport)
        let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
            for _ in 0..<20 {
                group.addTask { try await client.journal(code: "RELAY", displayName: "x", companyId: Fixtures.companyId).id }
            }
            try await waitUntil("the first lookup") { transport.apiRequests.count == 1 }
            for _ in 0..<200 { await Task.yield() }
            released.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(ids.count == 20 && Set(ids) == [Fixtures.journalId])
        #expect(transport.apiRequests.count == 1)
    }

    @Test func failedLookupIsNotCached() async throws {
        transport.enqueue(.response(.odataError(503, code: "Internal_TenantUnavailable", message: "down")), .response(.json(200, #"{"value":[\#(Self.journalJSON)]}"#)))
        let client = try Fixtures.client(transport)
        let error = await bcError { _ = try await client.journal(code: "RELAY", displayName: "x", companyId: Fixtures.companyId) }
        #expect(error?.kind == .transient)
        #expect(try await client.journal(code: "RELAY", displayName: "x", companyId: Fixtures.companyId).id == Fixtures.journalId)
    }

    @Test func createRaceWithAnotherProcessRereadsTheJournal() async throws {
        transport.enqueue(
            .response(.json(200, #"{"value":[]}"#)),
            .response(.odataError(400, code: "Internal_EntityWithSameKeyExists", message: "The record already exists.")),
            .response(.json(200, #"{"value":[\#(Self.journalJSON)]}"#))
        )
        let client = try Fixtures.client(transport)
        #expect(try await client.journal(code: "RELAY", displayName: "x", companyId: Fixtures.companyId).id == Fixtures.journalId)
        #expect(transport.apiRequests.map(\.method) == ["GET", "POST", "GET"])
    }
}

/// A one-shot gate: `wait()` suspends until `open()`.
final class Gate: Sendable {
    private let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    func wait() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
