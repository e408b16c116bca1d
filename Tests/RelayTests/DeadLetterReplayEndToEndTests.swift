import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Synchronization
import Testing

/// Replays with the relay running: a dead letter that was never booked becomes `created`; one that was booked
/// becomes `duplicate`, with no second Business Central line.
@Suite(.timeLimit(.minutes(2)))
struct DeadLetterReplayEndToEndTests {
    private let unavailable = BusinessCentralError(kind: .transient, code: "Internal_ServerError", message: "try later", httpStatus: 503)

    private func start(_ harness: RelayHarness, bc: any CustomerPaymentsAPI) throws -> RunningRelay {
        RunningRelay(try RelayService(settings: harness.settings(), logger: harness.logger(), businessCentral: bc))
    }

    private func waitForOutcomes(_ harness: RelayHarness, count: Int) async throws -> [[String: Any]] {
        var outcomes: [[String: Any]] = []
        let reached = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(200)) {
            outcomes = try harness.outcomes()
            return outcomes.count >= count
        }
        #expect(reached, "expected \(count) outcomes, saw \(outcomes.count)")
        return outcomes
    }

    private func waitForDeadLetters(_ harness: RelayHarness, count: Int) async throws {
        let reached = try await waitUntil(timeout: .seconds(30), pollEvery: .milliseconds(200)) {
            try harness.readAll(harness.deadLetterTopic, partitions: 2).count >= count
        }
        try #require(reached, "expected \(count) dead letters")
    }

    @Test func eventThatFailedIsBookedCreatedWhenReplayedAfterBusinessCentralRecovered() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        bc.enqueueCreateFaults(Array(repeating: .fail(unavailable), count: 4))   // every attempt of the first booking
        let relay = try start(harness, bc: bc)
        try await harness.publish([(key: "k-flaky", value: paymentEvent(id: "flaky"))])
        var outcomes = try await waitForOutcomes(harness, count: 1)
        try #require(outcomes.first?["status"] as? String == "failed")
        try await waitForDeadLetters(harness, count: 1)
        #expect(bc.lines.isEmpty)
        try await harness.publish([(key: "k-fine", value: paymentEvent(id: "fine"))])   // BC has recovered
        _ = try await waitForOutcomes(harness, count: 2)

        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration(filter: DeadLetterFilter(errorClasses: ["transient"]))).run()
        #expect(summary.progress.replayed == 1)
        outcomes = try await waitForOutcomes(harness, count: 3)
        try await relay.stop()

        let replayed = try #require(outcomes.last { $0["eventId"] as? String == "flaky" })
        #expect(replayed["status"] as? String == "created")
        #expect(bc.lines.count == 2)
        #expect(Set(bc.lines.compactMap(\.externalDocumentNumber)).count == 2)
        #expect(bc.lines.filter { $0.comment?.hasSuffix("event:flaky") == true }.count == 1)
    }

    /// The line exists and names this event, so the replay answers `created` (one answer per event), books nothing.
    @Test func deadLetterWhosePaymentWasBookedComesBackCreatedWithoutANewLine() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        let api = LookUpOutage(bc)
        // BC stores the line but the response is lost; every look-up then fails until the retries are exhausted.
        bc.enqueueCreateFaults([.commitThenTimeout])
        api.setLookUpsFail(true)
        let relay = try start(harness, bc: api)
        try await harness.publish([(key: "k-lost", value: paymentEvent(id: "lost-response"))])
        var outcomes = try await waitForOutcomes(harness, count: 1)
        try #require(outcomes.first?["status"] as? String == "failed")
        #expect((outcomes.first?["error"] as? [String: Any])?["class"] as? String == "outcome_unknown",
                "once a create's outcome was unknown, the final failure says so")
        try await waitForDeadLetters(harness, count: 1)
        #expect(bc.lines.count == 1, "the payment WAS booked, although the relay could not tell")

        api.setLookUpsFail(false)
        let summary = try await DeadLetterReplayer(configuration: harness.replayConfiguration()).run()
        #expect(summary.progress.replayed == 1)
        outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()

        #expect(outcomes.last?["status"] as? String == "created")
        #expect(outcomes.last?["customerPaymentId"] as? String == bc.lines.first?.id.uuidString.lowercased())
        #expect(bc.lines.count == 1)
        #expect(bc.createCount == 2, "the retry's create was refused by the line slot; the replay created nothing")
    }

    /// A redelivery never turns `created` into `duplicate`: the ledger remembers which event created the line. Nothing
    /// is created; the one BC call reads the line's id for the outcome (the ledger does not keep it).
    @Test func replayOfAnEventAlreadyDoneInTheLedgerKeepsItsAnswerWithoutCreatingAgain() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        let relay = try start(harness, bc: bc)
        try await harness.publish([(key: "k-paid", value: paymentEvent(id: "paid"))])
        let booked = try #require(try await waitForOutcomes(harness, count: 1).first)
        try #require(booked["status"] as? String == "created")
        let source = try #require(booked["source"] as? [String: Any])

        // A dead letter for the same event, as if an earlier delivery of it had failed.
        _ = try await harness.publishDeadLetters([SampleDeadLetter(eventId: "paid", originalPartition: Int32(source["partition"] as! Int),
                                                                   originalOffset: Int64(source["offset"] as! Int))])
        let replay = DeadLetterReplayer(configuration: harness.replayConfiguration(filter: DeadLetterFilter(eventIds: ["paid"])))
        #expect(try await replay.run().progress.replayed == 1)
        let outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()

        #expect(outcomes.last?["status"] as? String == "created")
        #expect(outcomes.last?["customerPaymentId"] as? String == booked["customerPaymentId"] as? String)
        #expect(bc.createCount == 1)
        #expect(bc.lookupCount == 1, "the ledger answered; Business Central was asked only for the line's id")
        #expect(bc.lines.count == 1)
    }
}

/// Business Central whose look-ups fail (transient) while the outage lasts; everything else goes to `base`.
final class LookUpOutage: ForwardingBusinessCentral {
    let base: any CustomerPaymentsAPI
    private let failing = Mutex(false)

    init(_ base: FakeBusinessCentral) { self.base = base }

    func setLookUpsFail(_ fail: Bool) { failing.withLock { $0 = fail } }

    func customerPayment(lineNumber: Int, journalId: UUID, companyId: UUID) async throws -> CustomerPayment? {
        if failing.withLock({ $0 }) {
            throw BusinessCentralError(kind: .transient, code: "Internal_ServerError", message: "look-up unavailable", httpStatus: 503)
        }
        return try await base.customerPayment(lineNumber: lineNumber, journalId: journalId, companyId: companyId)
    }

    func findCustomerPayments(externalDocumentNumber: String, journalId: UUID, companyId: UUID) async throws -> [CustomerPayment] {
        if failing.withLock({ $0 }) {
            throw BusinessCentralError(kind: .transient, code: "Internal_ServerError", message: "look-up unavailable", httpStatus: 503)
        }
        return try await base.findCustomerPayments(externalDocumentNumber: externalDocumentNumber, journalId: journalId, companyId: companyId)
    }
}
