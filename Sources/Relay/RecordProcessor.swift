import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Telemetry

/// Books one record: runs the ``BookingProcess`` state machine, executing its actions against Business Central and
/// Kafka, then publishes the outcome (and dead letter) and reports completion to the engine.
final class RecordProcessor: Sendable {
    let settings: RelaySettings
    let businessCentral: any CustomerPaymentsAPI
    let publisher: RelayPublisher
    let engine: RelayEngine
    let clock: any RelayClock
    let logger: Logger
    let transform: PaymentTransform

    init(settings: RelaySettings, businessCentral: any CustomerPaymentsAPI, publisher: RelayPublisher, engine: RelayEngine,
         clock: any RelayClock, logger: Logger) {
        self.settings = settings
        self.businessCentral = businessCentral
        self.publisher = publisher
        self.engine = engine
        self.clock = clock
        self.logger = logger
        transform = PaymentTransform(today: { TimestampFormat.day(clock.now()) })
    }

    struct Abandoned: Error {}

    /// Processes `context` to a durable outcome, or abandons it (no outcome, offset not committed) when `stop` is set.
    func process(_ context: RecordContext, stop: StopFlag) async {
        do {
            let (result, attempts, event) = try await book(context, stop: stop)
            try await publish(result, attempts: attempts, event: event, context: context, stop: stop)
            engine.completed(context)
        } catch {
            engine.abandoned(context)
        }
    }

    // MARK: Booking

    private func book(_ context: RecordContext, stop: StopFlag) async throws -> (BookingResult, Int, PaymentEvent?) {
        let event: PaymentEvent
        switch context.decoded {
        case let .failure(rejection):
            let failure = BookingFailure(failureClass: rejection.failureClass, code: rejection.code, message: rejection.message)
            return (.rejected(failure), 0, nil)
        case let .success(decoded):
            event = decoded
        }
        let token = event.token
        let companyId = event.companyId ?? settings.companyId
        let started = ContinuousClock.now
        var machine = BookingProcess(policy: settings.retry)
        var action = machine.handle(.started(ledger: engine.ledgerState(token, in: context.topicPartition)),
                                    elapsed: .zero, random: Double.random(in: 0..<1))
        while true {
            engine.processingTicked()
            let happened: BookingProcess.Event
            switch action {
            case let .finish(result):
                return (result, machine.attempts, event)
            case .lookUp:
                try checkStop(stop)
                happened = await lookUp(token: token, companyId: companyId)
            case .create:
                try checkStop(stop)
                happened = await create(transform.request(for: event), companyId: companyId)
            case .recordAttempting:
                happened = await writeLedger(.attempting, token: token, event: event, context: context, success: .attemptingRecorded)
            case let .recordDone(paymentId):
                happened = await writeLedger(.done(paymentId: paymentId), token: token, event: event, context: context, success: .doneRecorded)
            case let .wait(delay):
                if let failure = machine.lastFailure {
                    engine.metrics.retries.increment(labels: [failure.failureClass.rawValue])
                    logger.debug("booking retry scheduled", metadata(context, event, ["retry.attempt": String(machine.attempts),
                                                                                      "retry.delay": "\(delay)", "error.class": failure.failureClass.rawValue]))
                }
                try await waitWithHeartbeat(delay, stop: stop)
                happened = .waited
            }
            action = machine.handle(happened, elapsed: ContinuousClock.now - started, random: Double.random(in: 0..<1))
        }
    }

    /// Sleeps in slices so a long Retry-After still shows as progress to `/healthz`, and a revoke ends the wait early.
    func waitWithHeartbeat(_ delay: Duration, stop: StopFlag) async throws {
        var remaining = delay
        while remaining > .zero {
            let slice = min(remaining, .seconds(5))
            do { try await clock.sleep(for: slice) } catch { throw Abandoned() }
            remaining -= slice
            try checkStop(stop)
            engine.processingTicked()
        }
        try checkStop(stop)
    }

    func checkStop(_ stop: StopFlag) throws {
        if stop.isStopped || Task.isCancelled { throw Abandoned() }
    }

    /// Business Central calls run in their own task so that cancelling the booking (revoke, shutdown) never aborts a
    /// request mid-flight: an aborted create would be an outcome-unknown the next owner might race.
    private func lookUp(token: IdempotencyToken, companyId: UUID) async -> BookingProcess.Event {
        let api = businessCentral
        let settings = self.settings
        let result = await Task {
            let journal = try await api.journal(code: settings.journalCode, displayName: settings.journalDisplayName, companyId: companyId)
            return try await api.findCustomerPayments(externalDocumentNumber: token.value, journalId: journal.id, companyId: companyId)
        }.result
        switch result {
        case let .success(lines):
            if lines.count > 1 {
                logger.warning("several BC lines carry one idempotency token", ["bc.token": token.value, "bc.lines": String(lines.count)])
            }
            return .lookedUp(paymentId: lines.first?.id)
        case let .failure(error):
            return .lookUpFailed(Self.businessCentralError(error))
        }
    }

    private func create(_ request: CustomerPaymentCreate, companyId: UUID) async -> BookingProcess.Event {
        let api = businessCentral
        let settings = self.settings
        let result = await Task {
            let journal = try await api.journal(code: settings.journalCode, displayName: settings.journalDisplayName, companyId: companyId)
            return try await api.createCustomerPayment(request, journalId: journal.id, companyId: companyId)
        }.result
        switch result {
        case let .success(payment): return .created(paymentId: payment.id)
        case let .failure(error): return .createFailed(Self.businessCentralError(error))
        }
    }

    private static func businessCentralError(_ error: any Error) -> BusinessCentralError {
        (error as? BusinessCentralError) ?? BusinessCentralError(kind: .transient, code: "ClientError", message: "\(error)")
    }

    private func writeLedger(_ state: LedgerState, token: IdempotencyToken, event: PaymentEvent, context: RecordContext,
                             success: BookingProcess.Event) async -> BookingProcess.Event {
        let entry = LedgerEntry(token: token, state: state, eventId: event.eventId, recordedAtMillis: clock.now().millisecondsSince1970,
                                inputPartition: context.record.partition, inputOffset: context.record.offset)
        let record = ProducerRecord(topic: settings.ledgerTopic, partition: context.record.partition, key: entry.keyBytes,
                                    value: entry.valueBytes(), headers: [])
        do {
            _ = try await publisher.send(record)
            engine.applyLedger(entry, in: context.topicPartition)
            return success
        } catch {
            return .ledgerWriteFailed(message: "ledger write failed: \(error)")
        }
    }
}
