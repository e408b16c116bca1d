import ExactJSON
import Foundation
import Testing
@testable import BCSimulator

/// The key locks inside the store, where a rollback can be driven directly (over HTTP every insert commits).
@Suite struct LineSlotStoreTests {
    private func draft(_ store: SimulatorStore, _ key: String) throws -> PaymentDraft {
        let body = try JSONParser.parse(Array(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)"}"#.utf8))
        return try PaymentDraft(body: body, directory: store.directory, decimalsAsStrings: false)
    }

    @Test(arguments: [true, false])
    func aWaiterLearnsHowTheHolderEnded(holderCommits: Bool) async throws {
        let store = SimulatorStore(configuration: Seed.configuration())
        guard case .reserved(let first) = await store.reserveLine(journal: Seed.journal, lineNumber: 50000) else {
            Issue.record("a free key must be granted")
            return
        }
        // Held, not committed: invisible, and not the journal's last line.
        #expect(store.pendingInserts == 1)
        #expect(store.unpostedLine(journal: Seed.journal, lineNumber: 50000) == nil)
        #expect(store.proposedLineNumber(journal: Seed.journal) == 10000)

        async let second = store.reserveLine(journal: Seed.journal, lineNumber: 50000)
        #expect(await eventually { store.waitingInserts == 1 })
        if holderCommits {
            #expect(store.commitLine(try draft(store, "FIRST"), reservation: first)?.line.lineNumber == 50000)
            guard case .taken = await second else {
                Issue.record("the waiter must find the key taken")
                return
            }
            #expect(store.proposedLineNumber(journal: Seed.journal) == 60000)
        } else {
            store.rollbackLine(first)
            guard case .reserved(let inherited) = await second else {
                Issue.record("the waiter must inherit the key")
                return
            }
            #expect(store.pendingInserts == 1)
            #expect(store.allLines().isEmpty)
            #expect(store.commitLine(try draft(store, "SECOND"), reservation: inherited) != nil)
        }
        #expect(store.allLines().map(\.externalDocumentNumber) == [holderCommits ? "FIRST" : "SECOND"])
        #expect(store.unpostedLine(journal: Seed.journal, lineNumber: 50000)?.line.lineNumber == 50000)
        #expect(store.pendingInserts == 0 && store.waitingInserts == 0)

        // A stale reservation releases nothing; the committed line now guards the key.
        store.rollbackLine(first)
        guard case .taken = await store.reserveLine(journal: Seed.journal, lineNumber: 50000) else {
            Issue.record("a committed key must be taken")
            return
        }
    }

    @Test func waitersQueueInOrderAndPostingFreesTheKey() async throws {
        let store = SimulatorStore(configuration: Seed.configuration())
        guard case .reserved(let holder) = await store.reserveLine(journal: Seed.journal, lineNumber: 10000) else {
            Issue.record("a free key must be granted")
            return
        }
        async let firstWaiter = store.reserveLine(journal: Seed.journal, lineNumber: 10000)
        #expect(await eventually { store.waitingInserts == 1 })
        async let secondWaiter = store.reserveLine(journal: Seed.journal, lineNumber: 10000)
        #expect(await eventually { store.waitingInserts == 2 })

        // The rollback hands the key to the first waiter only; its commit then turns the second away.
        store.rollbackLine(holder)
        guard case .reserved(let heir) = await firstWaiter else {
            Issue.record("the longest waiter must inherit the key")
            return
        }
        #expect(store.waitingInserts == 1)
        #expect(store.commitLine(try draft(store, "HEIR"), reservation: heir) != nil)
        guard case .taken = await secondWaiter else {
            Issue.record("the later waiter must find the key taken")
            return
        }

        // Posting removes the lines and frees their numbers.
        #expect(store.post(code: "GENERAL", company: Seed.company) == .posted(count: 1))
        #expect(store.unpostedLine(journal: Seed.journal, lineNumber: 10000) == nil)
        guard case .reserved(let again) = await store.reserveLine(journal: Seed.journal, lineNumber: 10000) else {
            Issue.record("a posted line's number must be free again")
            return
        }
        store.rollbackLine(again)
        #expect(store.pendingInserts == 0)
    }
}
