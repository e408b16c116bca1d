import BCSimulator
import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// The relay with the real BC client over HTTP against the simulator: every BC fault class ends in exactly one line.
@Suite(.timeLimit(.minutes(2)))
struct RelaySimulatorTests {
    private func settings(_ harness: RelayHarness, _ bc: SimulatorHarness) -> RelaySettings {
        var settings = harness.settings(businessCentral: bc.businessCentral(),
                                        retry: RetryPolicy(maxAttempts: 8, maxElapsed: .seconds(30), baseDelay: .milliseconds(20), maxDelay: .milliseconds(300)))
        settings.companyId = bc.companyId
        return settings
    }

    private func bookOne(faults: [Fault], target: FaultTarget = .creates, adjust: (inout SimulatorConfiguration) -> Void = { _ in })
        async throws -> (outcome: [String: Any], bc: SimulatorHarness)
    {
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness(adjust)
        bc.simulator.enqueueFaults(faults, target: target)
        let relay = RunningRelay(try RelayService(settings: settings(harness, bc), logger: harness.logger()))
        try await harness.publish([(key: "k1", value: paymentEvent(id: "evt-1", key: "pay-1", customer: "C10000", amount: "\"42.10\""))])
        let outcomes = try await harness.waitForOutcomes()
        try await relay.stop()
        let outcome = try #require(outcomes.first)
        return (outcome, bc)
    }

    /// Every BC fault class through the real client and the simulator, one event per class on one relay (one group
    /// join instead of nine): each event meets its faults on its creates and ends in exactly one line, `created`.
    @Test func everyFaultClassEndsInExactlyOneLine() async throws {
        let cases: [(name: String, faults: [Fault])] = [
            ("429 with Retry-After", [.tooManyRequests(retryAfter: 1)]),
            ("429 without Retry-After", [.tooManyRequests(retryAfter: nil), .tooManyRequests(retryAfter: nil)]),
            ("503 with Retry-After", [.serviceUnavailable(retryAfter: 1)]),
            ("500", [.internalServerError]),
            ("502", [.badGateway]),
            ("504", [.gatewayTimeout]),
            ("reset before commit", [.resetBeforeCommit]),
            ("commit then drop", [.commitThenDrop]),
            ("commit then delay past the timeout", [.commitThenDelay(.seconds(3))]),
        ]
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness()
        let relay = RunningRelay(try RelayService(settings: settings(harness, bc), logger: harness.logger()))
        for (index, (name, faults)) in cases.enumerated() {
            bc.simulator.enqueueFaults(faults, target: .creates)
            try await harness.publish([(key: "k\(index)", value: paymentEvent(id: "evt-\(index)", key: "pay-\(index)", customer: "C10000", amount: "\"42.10\""))])
            let outcomes = try await harness.waitForOutcomes(count: index + 1)
            let outcome = outcomes.first { $0["eventId"] as? String == "evt-\(index)" }
            #expect(outcome?["status"] as? String == "created", "\(name): \(String(describing: outcome))")
            #expect(bc.simulator.pendingFaults == 0, "\(name): every fault was met")
            let token = IdempotencyToken(idempotencyKey: "pay-\(index)").value
            let lines = bc.simulator.lines().filter { $0.externalDocumentNumber == token }
            #expect(lines.count == 1, "\(name): \(lines.count) lines")
            #expect(lines.first?.amount == Decimal(string: "-42.10"))
            #expect(outcome?["customerPaymentId"] as? String == lines.first?.id.uuidString.lowercased())
        }
        try await relay.stop()
        #expect(bc.simulator.lines().count == cases.count)
    }

    @Test func lookUpReadsThePrimaryDespiteReplicaLag() async throws {
        // The create's response is lost; the line is invisible on the read replica for 30 s; the lookup must still
        // find it (Data-Access-Intent: ReadWrite) instead of creating a second line.
        let (outcome, bc) = try await bookOne(faults: [.commitThenDrop]) { $0.readReplicaLag = .seconds(30) }
        #expect(outcome["status"] as? String == "created")
        #expect(bc.simulator.lines().count == 1)
    }

    @Test func lineNumberCollisionsUnderConcurrencyDoNotDuplicate() async throws {
        let harness = try RelayHarness(partitions: 4)
        let bc = try SimulatorHarness { $0.lineNumberRaceWindow = .milliseconds(5) }
        let relay = RunningRelay(try RelayService(settings: settings(harness, bc), logger: harness.logger()))
        try await harness.publish((0..<60).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)", customer: ["C10000", "C20000", "C30000"][$0 % 3])) })
        var outcomes: [[String: Any]] = []
        let done = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(200)) {
            outcomes = try harness.outcomes()
            return outcomes.count >= 60
        }
        try await relay.stop()
        #expect(done)
        #expect(outcomes.allSatisfy { $0["status"] as? String == "created" })
        #expect(bc.linesPerToken().count == 60)
        #expect(bc.linesPerToken().values.allSatisfy { $0 == 1 })
        #expect(bc.simulator.stats.maxConcurrent <= 5, "the client must respect BC's 5 concurrent requests")
    }

    @Test func unknownCustomerIsRejectedAtOnceWithBCsMessage() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = try SimulatorHarness()
        let relay = RunningRelay(try RelayService(settings: settings(harness, bc), logger: harness.logger()))
        try await harness.publish([(key: "a", value: paymentEvent(id: "unknown", customer: "C99999"))])
        var outcomes: [[String: Any]] = []
        _ = try await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(100)) {
            outcomes = try harness.outcomes()
            return !outcomes.isEmpty
        }
        try await relay.stop()
        let error = try #require(outcomes.first?["error"] as? [String: Any])
        #expect(outcomes.first?["status"] as? String == "rejected")
        #expect(outcomes.first?["attempts"] as? Int == 1)
        #expect(error["class"] as? String == "permanent")
        #expect(error["httpStatus"] as? Int == 400)
        #expect((error["message"] as? String)?.contains("does not match to a Customer") == true)
        #expect(bc.simulator.lines().isEmpty)
    }

    /// A journal deleted (a user tidying up, an environment restore) while events flow: its cached id goes stale and
    /// BC answers "The Gen. Journal Batch does not exist". Not a fact about the payments: the relay resolves the
    /// journal again (get-or-create) and books on — nothing dead-lettered, every event booked once.
    @Test func aJournalDeletedWhileEventsFlowIsResolvedAgainNotDeadLettered() async throws {
        let harness = try RelayHarness(partitions: 2)
        let bc = try SimulatorHarness()
        let relay = RunningRelay(try RelayService(settings: settings(harness, bc), logger: harness.logger()))
        try await harness.publish((0..<20).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)", customer: "C10000")) })
        _ = try await harness.waitForOutcomes(count: 20)
        let before = try #require(bc.simulator.journals(company: bc.companyId).first { $0.code == "RELAY" })
        #expect(bc.simulator.deleteJournal(code: "RELAY", company: bc.companyId))
        try await harness.publish((20..<40).map { (key: "k\($0)", value: paymentEvent(id: "e\($0)", customer: "C10000")) })
        let outcomes = try await harness.waitForOutcomes(count: 40)
        try await relay.stop()
        #expect(outcomes.count == 40)
        #expect(outcomes.allSatisfy { $0["status"] as? String == "created" }, "\(outcomes.filter { $0["status"] as? String != "created" })")
        #expect(try harness.readAll(harness.deadLetterTopic).isEmpty)
        let after = try #require(bc.simulator.journals(company: bc.companyId).first { $0.code == "RELAY" })
        #expect(after.id != before.id, "the journal was created again")
        let lines = bc.simulator.lines()
        #expect(Dictionary(grouping: lines, by: \.externalDocumentNumber).values.allSatisfy { $0.count == 1 })
        #expect(lines.filter { $0.journalId == after.id }.count == 20)
        #expect(harness.logSink.entries.filter { $0.message == "bc.journal.gone" }.count == 1, "one resolution per incident")
    }
}
