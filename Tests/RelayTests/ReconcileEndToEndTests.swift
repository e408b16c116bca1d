import BCSimulator
import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// `Reconciler` against a mock cluster and the BC simulator, with one of each disagreement planted: lines are created
/// through the BC client from the relay's own transform, outcomes are the relay's own format.
@Suite(.timeLimit(.minutes(1)))
struct ReconcileEndToEndTests {
    /// The harnesses, a BC client on the simulator's RELAY journal, and helpers to plant lines and outcomes.
    final class Plant: Sendable {
        let harness: RelayHarness
        let bc: SimulatorHarness
        let client: BusinessCentralClient
        let journalId: UUID
        let transform = PaymentTransform(today: { "2026-03-02" }, tokenDocumentNumbers: true)

        init() async throws {
            harness = try RelayHarness(partitions: 2)
            bc = try SimulatorHarness()
            client = try BusinessCentralClient(configuration: bc.businessCentral(), transport: URLSessionTransport(maximumConnectionsPerHost: 2),
                                               logger: .disabled)
            journalId = try await client.journal(code: "RELAY", displayName: "Relay", companyId: bc.companyId).id
        }

        var settings: RelaySettings {
            var settings = harness.settings(businessCentral: bc.businessCentral())
            settings.companyId = bc.companyId
            settings.allowedCompanyIds = [bc.companyId]
            settings.tokenDocumentNumbers = true
            return settings
        }

        func event(_ key: String, customer: String = "C10000", amount: Int64 = 10_000) -> PaymentEvent {
            PaymentEvent(eventId: "evt-\(key)", idempotencyKey: key, customerNumber: customer, amount: Amount(minorUnits: amount)!)
        }

        /// A line as the relay would create it for `event`, with optional changes.
        @discardableResult
        func line(for event: PaymentEvent, amount: Decimal? = nil, customer: String? = nil) async throws -> CustomerPayment {
            var draft = transform.request(for: event)
            if let amount { draft.amount = amount }
            if let customer { draft.customerNumber = customer }
            return try await client.createCustomerPayment(CustomerPaymentCreate(draft), journalId: journalId, companyId: bc.companyId)
        }

        /// The outcome the relay would publish for `event`.
        func outcome(for event: PaymentEvent, status: OutcomeStatus = .created, paymentId: UUID?, documentNumber: Bool = true) async throws {
            let failure = status == .failed ? BookingFailure(failureClass: .outcomeUnknown, code: nil, message: "timed out") : nil
            let outcome = PaymentOutcome(eventId: event.eventId, idempotencyKey: event.idempotencyKey, status: status, customerPaymentId: paymentId,
                                         journalCode: "RELAY", bcToken: event.token.value, amount: event.amount, attempts: 1, error: failure,
                                         source: SourcePosition(topic: harness.inputTopic, partition: 0, offset: 0), processedAt: Date(),
                                         customerNumber: event.customerNumber, customerId: event.customerId,
                                         documentNumber: documentNumber ? transform.documentNumber(for: event) : nil)
            _ = try await harness.producer.send(ProducerRecord(topic: harness.outcomeTopic, key: Array(event.idempotencyKey.utf8),
                                                               value: outcome.jsonBytes()))
        }
    }

    private var period: ReconciliationPeriod { ReconciliationPeriod(from: Date().addingTimeInterval(-3600), to: Date().addingTimeInterval(3600)) }

    @Test func eachPlantedDisagreementIsReportedOnceAndAgreementsAreNot() async throws {
        let plant = try await Plant()
        // Posted first: posting takes every line of the journal.
        let posted = plant.event("posted")
        try await plant.outcome(for: posted, paymentId: try await plant.line(for: posted).id)
        #expect(plant.bc.simulator.postJournal(code: "RELAY", company: plant.bc.companyId) == .posted(count: 1))

        let agree = plant.event("agree")
        try await plant.outcome(for: agree, paymentId: try await plant.line(for: agree).id)
        let amount = plant.event("amount")
        try await plant.outcome(for: amount, paymentId: try await plant.line(for: amount, amount: -99).id)
        let customer = plant.event("customer")
        try await plant.outcome(for: customer, paymentId: try await plant.line(for: customer, customer: "C20000").id)
        let missing = plant.event("missing")
        try await plant.outcome(for: missing, paymentId: UUID())
        let stray = plant.event("stray")
        let strayLine = try await plant.line(for: stray)
        try await plant.outcome(for: stray, status: .failed, paymentId: nil)
        let twice = plant.event("twice")
        let first = try await plant.line(for: twice)
        try await plant.line(for: twice)
        try await plant.outcome(for: twice, paymentId: first.id)
        let unknown = plant.event("unknown")
        try await plant.outcome(for: unknown, paymentId: UUID(), documentNumber: false)

        let result = try await Reconciler(settings: plant.settings, readTimeout: .seconds(20)).run(period: period)
        #expect(result.outcomesCompared == 7)
        #expect(result.agreed == 1)
        #expect(result.posted.map(\.outcome.eventId) == ["evt-posted"])
        #expect(result.mismatches.map { "\($0.outcome.eventId ?? ""): \($0.differences.map(\.field))" }.sorted()
                == ["evt-amount: [\"amount\"]", "evt-customer: [\"customerNumber\"]"])
        #expect(result.mismatches.first { $0.outcome.eventId == "evt-amount" }?.differences.first?.line == "-99")
        #expect(result.outcomesWithoutLine.map(\.eventId) == ["evt-missing"])
        #expect(result.linesWithoutOutcome.map(\.line.id) == [strayLine.id])
        #expect(result.linesWithoutOutcome.first?.lastUnbooked?.status == .failed)
        #expect(result.duplicateLines.map(\.token) == [twice.token.value])
        #expect(result.notInJournal.map(\.eventId) == ["evt-unknown"])
        #expect(result.postedLookups.isEmpty)
        #expect(result.disagreements(strict: false) == 5)
        #expect(result.disagreements(strict: true) == 6)
    }

    @Test func aMissingJournalIsANoteAndItsOutcomesAreNotInTheJournal() async throws {
        let plant = try await Plant()
        let event = plant.event("lonely")
        try await plant.outcome(for: event, paymentId: UUID(), documentNumber: false)
        var settings = plant.settings
        settings.journalCode = "NOPE"
        let result = try await Reconciler(settings: settings, readTimeout: .seconds(20)).run(period: period)
        #expect(result.notes.contains { $0.contains("journal NOPE does not exist") })
        #expect(result.notInJournal.map(\.eventId) == ["evt-lonely"])
        #expect(plant.bc.simulator.journals(company: plant.bc.companyId).allSatisfy { $0.code != "NOPE" }, "reconcile creates nothing")
    }

    @Test func aMissingOutcomeTopicIsAnErrorNamingIt() async throws {
        let plant = try await Plant()
        var settings = plant.settings
        settings.outcomeTopic = "\(plant.harness.names).nowhere"
        await #expect(throws: ReconciliationError("outcome topic '\(plant.harness.names).nowhere' does not exist")) {
            try await Reconciler(settings: settings, readTimeout: .seconds(10)).run(period: period)
        }
    }
}
