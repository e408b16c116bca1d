import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Telemetry

/// Books one record: runs the ``BookingProcess`` state machine, executing its actions against Business Central and
/// Kafka, then publishes the outcome (and dead letter) and reports completion to the engine.
final class RecordProcessor: Sendable {
    private let settings: RelaySettings
    private let businessCentral: any CustomerPaymentsAPI
    private let publisher: RelayPublisher
    private let engine: RelayEngine
    private let clock: any RelayClock
    private let logger: Logger
    private let transform: PaymentTransform

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

    private struct Abandoned: Error {}

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
    private func waitWithHeartbeat(_ delay: Duration, stop: StopFlag) async throws {
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

    private func checkStop(_ stop: StopFlag) throws {
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

    // MARK: Outcome

    /// Publishes the outcome (and the dead letter when not booked), retrying until both are durable or the partition
    /// is taken away.
    private func publish(_ result: BookingResult, attempts: Int, event: PaymentEvent?, context: RecordContext, stop: StopFlag) async throws {
        let now = clock.now()
        var failure: BookingFailure?
        var paymentId: UUID?
        switch result {
        case let .booked(id, _): paymentId = id
        case let .rejected(reason), let .failed(reason): failure = reason
        }
        let eventId = event?.eventId ?? (try? context.decoded.get())?.eventId ?? Self.rejectionEventId(context)
        let outcome = PaymentOutcome(
            eventId: eventId, idempotencyKey: event?.idempotencyKey, status: result.status, customerPaymentId: paymentId,
            journalCode: settings.journalCode, bcToken: event?.token.value, amount: event?.amount, attempts: attempts,
            error: failure, source: context.source, processedAt: now)
        var records = [ProducerRecord(topic: settings.outcomeTopic, partition: nil, key: context.record.key, value: outcome.jsonBytes(), headers: [])]
        if let failure {
            var headers = context.record.headers
            headers.removeAll { DeadLetterHeaders.all.contains($0.key) }
            for (name, value) in DeadLetterHeaders.make(failure: failure, attempts: attempts, source: context.source, eventId: eventId, failedAt: now) {
                headers.append(KafkaHeader(key: name, value: Array(value.utf8)))
            }
            records.append(ProducerRecord(topic: settings.deadLetterTopic, partition: nil, key: context.record.key, value: context.record.value, headers: headers))
        }
        var attempt = 0
        while true {
            do {
                try await sendAll(records)
                break
            } catch {
                attempt += 1
                logger.error("outcome not durable yet; retrying", metadata(context, event, ["kafka.error": "\(error)", "retry.attempt": String(attempt)]))
                try checkStop(stop)
                do { try await clock.sleep(for: settings.retry.backoffWindow(attempt: attempt)) } catch { throw Abandoned() }
                try checkStop(stop)
            }
        }
        record(result, outcome: outcome, failure: failure, context: context, event: event)
    }

    private func sendAll(_ records: [ProducerRecord]) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in records {
                group.addTask { _ = try await self.publisher.send(record) }
            }
            try await group.waitForAll()
        }
    }

    private static func rejectionEventId(_ context: RecordContext) -> String? {
        if case let .failure(rejection) = context.decoded { return rejection.eventId }
        return nil
    }

    private func record(_ result: BookingResult, outcome: PaymentOutcome, failure: BookingFailure?, context: RecordContext, event: PaymentEvent?) {
        let metrics = engine.metrics
        metrics.outcomes.increment(labels: [result.status.rawValue])
        if let failure { metrics.deadLetters.increment(labels: [failure.failureClass.rawValue]) }
        if let timestamp = context.record.timestamp {
            metrics.endToEndLatency.observe(max(0, outcome.processedAt.timeIntervalSince(timestamp)))
        }
        var extra = ["payment.status": result.status.rawValue, "retry.attempt": String(outcome.attempts)]
        if let id = outcome.customerPaymentId { extra["bc.payment_id"] = id.uuidString.lowercased() }
        if let failure {
            extra["error.class"] = failure.failureClass.rawValue
            extra["error.code"] = failure.code ?? ""
            extra["error.message"] = DeadLetterHeaders.truncated(failure.message, toBytes: 256)
            if let status = failure.httpStatus { extra["bc.status"] = String(status) }
        }
        let message: String
        switch result.status {
        case .created: message = "payment booked"
        case .duplicate: message = "payment already booked"
        case .rejected: message = "payment rejected"
        case .failed: message = "payment failed"
        }
        let meta = metadata(context, event, extra)
        if failure != nil { logger.warning(message, meta) } else { logger.info(message, meta) }
    }

    private func metadata(_ context: RecordContext, _ event: PaymentEvent?, _ extra: [String: String]) -> [String: String] {
        var meta = ["kafka.partition": String(context.record.partition), "kafka.offset": String(context.record.offset)]
        if let event {
            meta["payment.event_id"] = event.eventId
            meta["bc.token"] = event.token.value
        } else if let id = Self.rejectionEventId(context) {
            meta["payment.event_id"] = id
        }
        meta.merge(extra) { _, new in new }
        return meta
    }
}
