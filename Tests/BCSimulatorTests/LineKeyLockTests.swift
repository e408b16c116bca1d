import BCSimulator
import Foundation
import Testing

/// BC's primary-key lock on (journal, lineNumber), seen over HTTP: the first create of a key holds it while it
/// executes (here under a slow commit), a second create of the same key waits for it and then collides.
@Suite struct LineKeyLockTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The slow create's lineNumber; `nil` lets BC propose one.
        var first: Int?
        var second: Int?
        var firstLine: Int
        /// Whether the second create waits for the first's commit (and then collides) or answers at once.
        var secondWaits: Bool
        /// The second's line number when it does not wait.
        var secondLine: Int?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "the same explicit key waits for the commit, then collides",
             first: 70000, second: 70000, firstLine: 70000, secondWaits: true),
        Case(name: "another explicit key does not wait",
             first: 70000, second: 80000, firstLine: 70000, secondWaits: false, secondLine: 80000),
        Case(name: "BC's proposal is the key in flight: waits, then collides",
             first: nil, second: nil, firstLine: 10000, secondWaits: true),
        Case(name: "an explicit key equal to a proposal in flight waits, then collides",
             first: nil, second: 10000, firstLine: 10000, secondWaits: true),
        Case(name: "a key in flight is not the journal's last line for a proposal",
             first: 70000, second: nil, firstLine: 70000, secondWaits: false, secondLine: 10000),
    ]

    static func body(_ key: String, lineNumber: Int?) -> String {
        let number = lineNumber.map { #","lineNumber":\#($0)"# } ?? ""
        return #"{"customerNumber":"C10000","amount":-1,"externalDocumentNumber":"\#(key)"\#(number)}"#
    }

    @Test(arguments: cases)
    func aSecondInsertOfAKeyWaitsForTheFirstToEnd(_ scenario: Case) async throws {
        try await withSimulator({ $0.lineNumberRaceWindow = .zero }) { (sim) async throws in
            sim.simulator.enqueueFaults([.slowCommit(.seconds(2))], target: .creates)
            async let first = sim.create(Self.body("A", lineNumber: scenario.first))
            #expect(await eventually { sim.simulator.pendingInserts == 1 })

            let second = try await sim.create(Self.body("B", lineNumber: scenario.second))
            let committedWhenAnswered = sim.simulator.lines().map(\.externalDocumentNumber)
            if scenario.secondWaits {
                #expect(committedWhenAnswered == ["A"], "the second answered only once the first had committed")
                #expect(second.status == 409)
                #expect(second.errorCode == "Internal_EntityWithSameKeyExists")
                #expect(second.errorMessage?.hasPrefix(
                    "The record in table Gen. Journal Line already exists. Identification fields and values: Journal Template Name='CASHRCPT',Journal Batch Name='GENERAL',Line No.='\(scenario.firstLine)'") == true)
            } else {
                #expect(committedWhenAnswered == ["B"], "the second answered while the first still executed")
                #expect(second.status == 201)
                #expect(second.json["lineNumber"] as? Int == scenario.secondLine)
            }
            let firstReply = try await first
            #expect(firstReply.status == 201)
            #expect(firstReply.json["lineNumber"] as? Int == scenario.firstLine)
            #expect(sim.simulator.stats.lineNumberCollisions == (scenario.secondWaits ? 1 : 0))
            #expect(sim.simulator.pendingInserts == 0)
        }
    }

    @Test func aLineBeingInsertedIsInvisibleUntilItCommits() async throws {
        try await withSimulator { (sim) async throws in
            sim.simulator.enqueueFaults([.slowCommit(.seconds(2))], target: .creates)
            async let created = sim.create(Self.body("SLOT-1", lineNumber: 1_234_567_890))
            #expect(await eventually { sim.simulator.pendingInserts == 1 })

            let readWrite = ["Data-Access-Intent": "ReadWrite"]
            let bySlot = sim.journalPath + "?$filter=" + encoded("lineNumber eq 1234567890") + "&$top=1"
            let byKey = sim.journalPath + "?$filter=" + encoded("externalDocumentNumber eq 'SLOT-1'") + "&$top=2"
            for query in [bySlot, byKey, sim.journalPath] {
                let reply = try await sim.call("GET", query, headers: readWrite)
                #expect(reply.status == 200 && reply.values.isEmpty, "\(query)")
            }
            #expect(sim.simulator.lines().isEmpty)

            let reply = try await created
            #expect(reply.status == 201)
            for query in [bySlot, byKey] {
                let found = try await sim.call("GET", query, headers: readWrite)
                #expect(found.values.map { $0["lineNumber"] as? Int } == [1_234_567_890], "\(query)")
            }
        }
    }
}
