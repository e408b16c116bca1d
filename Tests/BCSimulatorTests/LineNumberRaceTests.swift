import BCSimulator
import Foundation
import Testing

@Suite struct LineNumberRaceTests {
    private func burst(_ sim: SimulatorSession, count: Int) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            for index in 0..<count {
                group.addTask { try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"R-\#(index)"}"#) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test func concurrentCreatesIntoOneJournalCollide() async throws {
        try await withSimulator({ $0.lineNumberRaceWindow = .milliseconds(50) }) { (sim) async throws in
            let replies = try await burst(sim, count: 8)
            let created = replies.filter { $0.status == 201 }
            let collided = replies.filter { $0.status == 409 }
            #expect(created.count + collided.count == 8)
            #expect(collided.count >= 1)
            #expect(collided.allSatisfy { $0.errorCode == "Internal_EntityWithSameKeyExists" })
            #expect(sim.simulator.stats.lineNumberCollisions == collided.count)
            #expect(sim.simulator.lines().count == created.count)
            #expect(Set(sim.simulator.lines().map(\.lineNumber)).count == created.count)
        }
    }

    @Test func collisionStatusIsConfigurable() async throws {
        try await withSimulator({ $0.lineNumberRaceWindow = .milliseconds(50); $0.sameKeyStatus = .badRequest }) { (sim) async throws in
            let replies = try await burst(sim, count: 4)
            #expect(replies.contains { $0.status == 400 && $0.errorCode == "Internal_EntityWithSameKeyExists" })
        }
    }

    @Test func concurrentCreatesNeverCollideWithoutARaceWindow() async throws {
        // Benchmarks and request-count tests rely on this: number, key and commit are taken at once.
        try await withSimulator({ $0.lineNumberRaceWindow = .zero }) { (sim) async throws in
            let replies = try await burst(sim, count: 20)
            #expect(replies.allSatisfy { $0.status == 201 })
            #expect(Set(sim.simulator.lines().map(\.lineNumber)) == Set((1...20).map { $0 * 10000 }))
            #expect(sim.simulator.stats.lineNumberCollisions == 0)
        }
    }

    @Test func sequentialCreatesNeverCollide() async throws {
        try await withSimulator { (sim) async throws in
            for index in 0..<20 {
                #expect(try await sim.create(#"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"S-\#(index)"}"#).status == 201)
            }
            #expect(sim.simulator.lines().map(\.lineNumber) == (1...20).map { $0 * 10000 })
        }
    }
}
