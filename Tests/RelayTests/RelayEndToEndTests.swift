import BusinessCentral
import Foundation
import Kafka
@testable import Relay
import RelayCore
import Testing

/// The relay on a mock Kafka cluster with an in-process Business Central: the Kafka side of every guarantee.
@Suite(.timeLimit(.minutes(2)))
struct RelayEndToEndTests {
    private func start(_ harness: RelayHarness, bc: FakeBusinessCentral, settings: RelaySettings? = nil) throws -> RunningRelay {
        RunningRelay(try RelayService(settings: settings ?? harness.settings(), logger: harness.logger(), businessCentral: bc))
    }

    private func waitForOutcomes(_ harness: RelayHarness, count: Int, timeout: Duration = .seconds(60)) async throws -> [[String: Any]] {
        var outcomes: [[String: Any]] = []
        let reached = try await waitUntil(timeout: timeout, pollEvery: .milliseconds(200)) {
            outcomes = try harness.outcomes()
            return outcomes.count >= count
        }
        #expect(reached, "expected \(count) outcomes, saw \(outcomes.count)")
        return outcomes
    }

    private func waitForCommitAtEnd(_ harness: RelayHarness) async throws {
        let ends = try harness.inputEnds()
        var offsets: [Int32: Int64] = [:]
        let committed = try await waitUntil(timeout: .seconds(60), pollEvery: .milliseconds(200)) {
            offsets = try harness.committedOffsets()
            return ends.allSatisfy { offsets[$0.key] == $0.value }
        }
        let rebalanceLog = harness.logSink.entries
            .filter { $0.message.contains("partitions") || $0.metadata["kafka.facility"].map { ["SESSTMOUT", "COMMITFAIL", "REBALANCE"].contains($0) } == true }
            .map { "\($0.message) \($0.metadata["kafka.partitions"] ?? $0.metadata["kafka.log"] ?? "")" }
        #expect(committed, "committed offsets \(offsets) should equal the input ends \(ends); rebalance log: \(rebalanceLog)")
    }

    @Test func happyPathBooksEveryEventOnceWithOneRequestEach() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        let relay = try start(harness, bc: bc)
        try await harness.publish((0..<40).map { (key: "k\($0)", value: paymentEvent(id: "evt-\($0)", amount: "\"\($0 + 1).25\"")) })
        let outcomes = try await waitForOutcomes(harness, count: 40)
        try await waitForCommitAtEnd(harness)
        try await relay.stop()

        #expect(outcomes.count == 40)
        #expect(outcomes.allSatisfy { $0["status"] as? String == "created" && $0["attempts"] as? Int == 1 })
        #expect(Set(outcomes.compactMap { $0["eventId"] as? String }) == Set((0..<40).map { "evt-\($0)" }))
        #expect(bc.lines.count == 40)
        #expect(bc.createCount == 40)
        #expect(bc.lookupCount == 0)
        #expect(Set(bc.lines.compactMap(\.externalDocumentNumber)).count == 40)
        #expect(bc.lines.allSatisfy { $0.amount < 0 })
        let first = try #require(bc.lines.first { $0.comment?.hasSuffix("event:evt-0") == true })
        #expect(first.amount == Decimal(string: "-1.25"))
        #expect(try harness.readAll(harness.deadLetterTopic, partitions: 2).isEmpty)
    }

    /// A booked payment's outcome and its ledger `done` are written together: with the ledger's broker answering
    /// 600 ms late, each outcome is produced at most 0.3 s after its `done` (in practice within milliseconds), not after
    /// `done`'s acknowledgement.
    @Test func theOutcomeIsNotHeldBackByTheLedgersDoneWrite() async throws {
        let harness = try RelayHarness(partitions: 2, brokers: 2)
        for partition in Int32(0)..<2 { try harness.cluster.setPartitionLeader(topic: harness.ledgerTopic, partition: partition, broker: 2) }
        for topic in [harness.inputTopic, harness.outcomeTopic, harness.deadLetterTopic] {
            for partition in Int32(0)..<2 { try harness.cluster.setPartitionLeader(topic: topic, partition: partition, broker: 1) }
        }
        try harness.cluster.setCoordinator(group: harness.groupId, broker: 1)
        let bc = FakeBusinessCentral()
        let relay = try start(harness, bc: bc)
        // Slow only once the relay flows (its ledger load would wait the round trips too).
        try await harness.publish([(key: "warm-up", value: paymentEvent(id: "warm-up"))])
        _ = try await waitForOutcomes(harness, count: 1)
        try harness.cluster.setBrokerRTT(2, .milliseconds(600))
        try await harness.publish((0..<6).map { (key: "k\($0)", value: paymentEvent(id: "evt-\($0)")) })
        let outcomes = try await waitForOutcomes(harness, count: 7)
        try await waitForCommitAtEnd(harness)
        try harness.cluster.setBrokerRTT(2, .zero)
        try await relay.stop()

        #expect(outcomes.allSatisfy { $0["status"] as? String == "created" })
        #expect(bc.lines.count == 7)
        var doneAt: [String: Date] = [:]
        for record in try harness.readAll(harness.ledgerTopic) {
            guard let entry = LedgerEntry.decode(key: record.key, value: record.value), case .done = entry.state else { continue }
            doneAt[entry.eventId] = record.timestamp
        }
        var outcomeAt: [String: Date] = [:]
        for record in try harness.readAll(harness.outcomeTopic) {
            guard let outcome = try JSONSerialization.jsonObject(with: Data(record.value ?? [])) as? [String: Any],
                  let eventId = outcome["eventId"] as? String else { continue }
            outcomeAt[eventId] = record.timestamp
        }
        doneAt["warm-up"] = nil
        #expect(doneAt.count == 6 && outcomeAt.count == 7)
        for (eventId, done) in doneAt {
            let outcome = try #require(outcomeAt[eventId])
            // Written one after the other, the outcome would follow `done` by at least the 600 ms round trip.
            #expect(outcome.timeIntervalSince(done) < 0.3, "\(eventId): outcome produced \(outcome.timeIntervalSince(done)) s after done")
        }
    }

    @Test func sameIdempotencyKeyIsOnePayment() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        let relay = try start(harness, bc: bc)
        try await harness.publish([(key: "order-1", value: paymentEvent(id: "a", key: "order-1"))])
        _ = try await waitForOutcomes(harness, count: 1)
        try await harness.publish([(key: "order-1", value: paymentEvent(id: "b", key: "order-1"))])
        let outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()
        let byEvent = Dictionary(uniqueKeysWithValues: outcomes.map { ($0["eventId"] as! String, $0) })
        #expect(byEvent["a"]?["status"] as? String == "created")
        #expect(byEvent["b"]?["status"] as? String == "duplicate")
        #expect(byEvent["b"]?["customerPaymentId"] as? String == byEvent["a"]?["customerPaymentId"] as? String)
        #expect(bc.lines.count == 1)
    }

    /// Events of one key queued together wait at the same-token gate; each is launched with the ledger entry its
    /// predecessor wrote (applied when that one ended, in the step that hands the token on): `done`, so each looks its
    /// line up (for the payment id) and none creates. Launched with the ledger before that entry, one would create.
    @Test func sameIdempotencyKeyQueuedTogetherIsAnsweredFromTheLedger() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        let relay = try start(harness, bc: bc)
        try await harness.publish(["a", "b", "c", "d"].map { (key: "order-1", value: paymentEvent(id: $0, key: "order-1")) })
        let outcomes = try await waitForOutcomes(harness, count: 4)
        try await relay.stop()
        // The four are sent at once, so which lands first (and creates) is not fixed.
        #expect(outcomes.map { $0["status"] as? String ?? "" }.sorted() == ["created", "duplicate", "duplicate", "duplicate"])
        #expect(bc.lines.count == 1)
        #expect(bc.createCount == 1)
        #expect(bc.lookupCount == 3, "one look-up per duplicate")
    }

    /// SIGTERM while every broker is down: the final commit has no coordinator to go to. It is bounded
    /// (`RelayService.finalCommitTimeout`), so the worker stops within its budget (the consumer close is bounded too),
    /// saying the records will be redelivered. A synchronous commit waited for the group session to time out
    /// (30 s here, 45 s by default), past the orchestrator's grace period.
    @Test func stopFinishesWhenEveryBrokerIsDown() async throws {
        let harness = try RelayHarness(partitions: 2)
        var settings = harness.settings()
        settings.kafka["auto.commit.interval.ms"] = "600000"   // the stored offsets wait for the final commit
        settings.kafka["session.timeout.ms"] = "30000"
        let relay = RunningRelay(try RelayService(settings: settings, logger: harness.logger(), businessCentral: FakeBusinessCentral()))
        try await harness.publish((0..<3).map { (key: "k-\($0)", value: paymentEvent(id: "e-\($0)")) })
        _ = try await waitForOutcomes(harness, count: 3)
        try harness.cluster.setBrokerDown(1)
        let started = ContinuousClock.now
        try await relay.stop()
        let took = ContinuousClock.now - started
        // The final commit's bound, the consumer close's (10 s) and slack; a synchronous commit alone takes 30 s here.
        #expect(took < RelayService.finalCommitTimeout + .seconds(15), "stop took \(took)")
        #expect(harness.logSink.entries.contains { $0.message.contains("final commit failed") })
    }

    @Test func malformedAndRejectedEventsGoToTheDeadLetterTopicAndTheWorkerKeepsGoing() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        bc.setUnknownCustomers(["C99999"])
        let relay = try start(harness, bc: bc)
        try await harness.publish([
            (key: "m", value: "{not json"),
            (key: "u", value: paymentEvent(id: "unknown-customer", customer: "C99999")),
            (key: "ok", value: paymentEvent(id: "fine")),
        ])
        let outcomes = try await waitForOutcomes(harness, count: 3)
        try await waitForCommitAtEnd(harness)
        try await relay.stop()

        let statuses = Dictionary(grouping: outcomes, by: { $0["status"] as! String }).mapValues(\.count)
        #expect(statuses == ["rejected": 2, "created": 1])
        let deadLetters = try harness.readAll(harness.deadLetterTopic, partitions: 2)
        #expect(deadLetters.count == 2)
        let malformed = try #require(deadLetters.first { $0.key == Array("m".utf8) })
        #expect(malformed.value == Array("{not json".utf8))
        let header = { (record: KafkaRecord, name: String) in record.headers.first { $0.key == name }.flatMap { $0.value }.map { String(decoding: $0, as: UTF8.self) } }
        #expect(header(malformed, "relay.error.class") == "malformed")
        #expect(header(malformed, "relay.error.code") == "InvalidJSON")
        #expect(header(malformed, "source") == "test")
        #expect(header(malformed, "relay.original.topic") == harness.inputTopic)
        let rejected = try #require(deadLetters.first { $0.key == Array("u".utf8) })
        #expect(header(rejected, "relay.error.class") == "permanent")
        #expect(header(rejected, "relay.http.status") == "400")
        #expect(header(rejected, "relay.event.id") == "unknown-customer")
        #expect(bc.lines.count == 1)
    }

    /// The retry goes to the same line slot, which BC refuses; the slot holds this event's line.
    @Test func committedButLostResponseIsFoundInItsSlotNotBookedTwice() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        bc.enqueueCreateFaults([.commitThenTimeout])
        let relay = try start(harness, bc: bc)
        try await harness.publish([(key: "k", value: paymentEvent(id: "evt-timeout"))])
        let outcomes = try await waitForOutcomes(harness, count: 1)
        try await relay.stop()
        #expect(outcomes.first?["status"] as? String == "created")
        #expect(outcomes.first?["attempts"] as? Int == 3, "create, create refused by the slot, slot read")
        #expect(bc.lines.count == 1)
        #expect(bc.lookupCount == 1)
        #expect(bc.createCount == 2, "the second create was refused by its line slot")
    }

    /// A create whose answer is lost, and the journal posted before the retry: the slot is free again. With token
    /// document numbers the retry first finds the posted entry; without, the payment is booked twice — the residual
    /// risk the README states.
    @Test(arguments: [true, false])
    func aLinePostedBeforeTheRetryIsFoundOnlyWithTokenDocumentNumbers(tokenDocumentNumbers: Bool) async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        bc.enqueueCreateFaults([.commitPostThenTimeout])
        var settings = harness.settings()
        settings.tokenDocumentNumbers = tokenDocumentNumbers
        let relay = RunningRelay(try RelayService(settings: settings, logger: harness.logger(), businessCentral: bc))
        try await harness.publish([(key: "k", value: paymentEvent(id: "evt-posted"))])
        let outcomes = try await waitForOutcomes(harness, count: 1)
        try await relay.stop()
        #expect(outcomes.first?["status"] as? String == "created")
        let booked = bc.lines.count + bc.postedLines.count
        #expect(booked == (tokenDocumentNumbers ? 1 : 2))
        if tokenDocumentNumbers {
            #expect(bc.postedLines.first?.documentNumber == IdempotencyToken(idempotencyKey: "evt-posted").documentNumber)
        }
    }

    /// BC books a line in its customer's currency whatever the request says: a USD amount for an EUR customer must
    /// never be sent. An event in the customer's currency, and one without a currency (the configured default) for a
    /// customer in the company's currency, are booked.
    @Test func anAmountIsNeverBookedInAnotherCurrencyThanTheEvents() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = FakeBusinessCentral()
        bc.setCustomerCurrency("EUR", for: "C-EUR")
        let relay = try start(harness, bc: bc)
        try await harness.publish([
            (key: "k1", value: paymentEvent(id: "usd-for-eur", customer: "C-EUR", extra: #""currencyCode":"USD""#)),
            (key: "k2", value: paymentEvent(id: "eur-for-eur", customer: "C-EUR", extra: #""currencyCode":"eur""#)),
            (key: "k3", value: paymentEvent(id: "default-for-local", customer: "C10000")),
            (key: "k4", value: paymentEvent(id: "eur-for-local", customer: "C10000", extra: #""currencyCode":"EUR""#)),
        ])
        let outcomes = try await waitForOutcomes(harness, count: 4)
        try await relay.stop()
        let status = Dictionary(uniqueKeysWithValues: outcomes.map { ($0["eventId"] as? String ?? "", $0) })
        #expect(status["usd-for-eur"]?["status"] as? String == "rejected")
        #expect((status["usd-for-eur"]?["error"] as? [String: Any])?["code"] as? String == "CurrencyMismatch")
        #expect(status["eur-for-eur"]?["status"] as? String == "created")
        #expect(status["default-for-local"]?["status"] as? String == "created")
        #expect(status["eur-for-local"]?["status"] as? String == "rejected")
        #expect(bc.lines.count == 2)
        #expect(bc.createCount == 2, "a currency mismatch is refused before anything is sent")
    }

    /// A malformed record too large for the producer (here its `message.max.bytes` is 100 kB) used to be retried
    /// forever, wedging its partition: the dead letter goes without its value, the outcome once, and the offset moves.
    @Test func aRecordTooLargeToDeadLetterDoesNotWedgeItsPartition() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = FakeBusinessCentral()
        var settings = harness.settings()
        settings.kafka["message.max.bytes"] = "100000"
        let relay = try start(harness, bc: bc, settings: settings)
        let huge = "{" + String(repeating: "x", count: 150_000)
        try await harness.publish([(key: "big", value: huge), (key: "k2", value: paymentEvent(id: "after-the-big-one"))])
        let outcomes = try await waitForOutcomes(harness, count: 2)
        let committed = try await waitUntil(timeout: .seconds(20), pollEvery: .milliseconds(200)) { try harness.committedOffsets()[0] == 2 }
        try await relay.stop()
        #expect(outcomes.count == 2, "one outcome per record, the big one's published once")
        #expect(outcomes.map { $0["status"] as? String } == ["rejected", "created"])
        let deadLetters = try harness.readAll(harness.deadLetterTopic)
        #expect(deadLetters.count == 1)
        #expect(deadLetters.first?.value == nil)
        #expect(deadLetters.first?.headers.first { $0.key == "relay.dlq.value.dropped" }?.stringValue == String(huge.utf8.count))
        #expect(committed)
    }

    /// An event's `companyId` cannot point the relay at any company its credentials reach (and create a journal
    /// there): only the configured company and `BC_ALLOWED_COMPANY_IDS` are booked.
    @Test func anEventForACompanyNotAllowedIsRejected() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = FakeBusinessCentral()
        let allowed = UUID(uuidString: "00000000-0000-0000-0000-00000000aaaa")!
        var settings = harness.settings()
        settings.allowedCompanyIds = [settings.companyId, allowed]
        let relay = try start(harness, bc: bc, settings: settings)
        try await harness.publish([
            (key: "k1", value: paymentEvent(id: "elsewhere", extra: #""companyId":"00000000-0000-0000-0000-00000000bbbb""#)),
            (key: "k2", value: paymentEvent(id: "allowed", extra: #""companyId":"\#(allowed.uuidString)""#)),
        ])
        let outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()
        let byEvent = Dictionary(uniqueKeysWithValues: outcomes.map { ($0["eventId"] as? String ?? "", $0) })
        #expect(byEvent["elsewhere"]?["status"] as? String == "rejected")
        #expect((byEvent["elsewhere"]?["error"] as? [String: Any])?["code"] as? String == "CompanyNotAllowed")
        #expect(byEvent["allowed"]?["status"] as? String == "created")
        #expect(bc.createCount == 1)
    }

    @Test func transientFailuresRetryAndExhaustedOnesFail() async throws {
        let harness = try RelayHarness(partitions: 1)
        let bc = FakeBusinessCentral()
        let unavailable = BusinessCentralError(kind: .transient, code: "Internal_ServerError", message: "try later", httpStatus: 503)
        bc.enqueueCreateFaults([.fail(unavailable), .fail(BusinessCentralError(kind: .throttled, message: "429", httpStatus: 429, retryAfter: .milliseconds(50)))])
        let relay = try start(harness, bc: bc)
        try await harness.publish([(key: "k", value: paymentEvent(id: "retried"))])
        var outcomes = try await waitForOutcomes(harness, count: 1)
        #expect(outcomes.first?["status"] as? String == "created")
        #expect(outcomes.first?["attempts"] as? Int == 3)

        bc.enqueueCreateFaults(Array(repeating: .fail(unavailable), count: 4))
        try await harness.publish([(key: "k2", value: paymentEvent(id: "exhausted"))])
        outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()
        let failed = try #require(outcomes.first { $0["eventId"] as? String == "exhausted" })
        #expect(failed["status"] as? String == "failed")
        #expect((failed["error"] as? [String: Any])?["class"] as? String == "transient")
        #expect(try harness.readAll(harness.deadLetterTopic, partitions: 2).count == 1)
    }

    @Test func keyRepublishedAfterThePaymentWasPostedAndARestartIsADuplicate() async throws {
        let harness = try RelayHarness()
        let bc = FakeBusinessCentral()
        var relay = try start(harness, bc: bc)
        try await harness.publish([(key: "p", value: paymentEvent(id: "first", key: "pay-77"))])
        _ = try await waitForOutcomes(harness, count: 1)
        try await relay.stop()
        bc.postAll()   // the line left the journal: a BC lookup can no longer find it

        relay = try start(harness, bc: bc)   // a new worker rebuilds the ledger from Kafka
        try await harness.publish([(key: "p", value: paymentEvent(id: "days-later", key: "pay-77"))])
        let outcomes = try await waitForOutcomes(harness, count: 2)
        try await relay.stop()
        let later = try #require(outcomes.first { $0["eventId"] as? String == "days-later" })
        #expect(later["status"] as? String == "duplicate")
        #expect(later["customerPaymentId"] is NSNull, "the posted line cannot be read: the outcome has no id, and nothing is booked")
        #expect(bc.createCount == 1)
        #expect(bc.lookupCount == 1, "one lookup, for the id only")
    }
}
