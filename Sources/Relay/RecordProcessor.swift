import BusinessCentral
import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry
import ExactJSON
import Clocks

/// Books one record: runs the ``BookingProcess`` state machine, executing its actions against Business Central and
/// Kafka, then publishes the outcome (and dead letter) and reports completion to the booking's ``BookingHost``.
final class RecordProcessor: Sendable {
    let settings: RelaySettings
    let businessCentral: any CustomerPaymentsAPI
    let publisher: RelayPublisher
    let metrics: RelayMetrics
    let health: HealthState
    let clock: any ServiceClock
    let random: any RandomSource
    let logger: Logger
    let transform: PaymentTransform
    let currencies: CurrencyBook
    /// The gate every Business Central call of a booking passes (circuit breaker, operator pause).
    let gate: BusinessCentralGate
    /// When ``processingTicked()`` last passed the tick on, in milliseconds of the clock's uptime.
    private let lastProcessingTickMillis = Atomic<Int64>(-1_000)

    init(settings: RelaySettings, businessCentral: any CustomerPaymentsAPI, publisher: RelayPublisher, metrics: RelayMetrics,
         health: HealthState, clock: any ServiceClock, random: any RandomSource, logger: Logger) {
        self.settings = settings
        self.businessCentral = businessCentral
        self.publisher = publisher
        self.metrics = metrics
        self.health = health
        self.clock = clock
        self.random = random
        self.logger = logger
        transform = PaymentTransform(today: { TimestampFormat.day(clock.now()) }, tokenDocumentNumbers: settings.tokenDocumentNumbers)
        currencies = CurrencyBook(api: businessCentral, companyOverride: settings.companyCurrency, clock: clock)
        gate = BusinessCentralGate(configuration: settings.breaker, metrics: metrics, clock: clock, random: random, logger: logger)
    }

    struct Abandoned: Error {}

    /// Processes `booking` to a durable outcome, or abandons it (no outcome, offset not committed) when `stop` is set.
    ///
    /// - Parameter ledger: the ledger status of the booking's token when the engine launched it (see ``BookingHost``).
    func process(_ booking: RelayBooking, ledger: LedgerStatus?, stop: StopFlag, host: any BookingHost) async {
        let context = booking.record
        var timer = StageTimer(histograms: metrics.stages, clock: clock, since: context.polledAt)
        timer.mark(.queued)
        // The last ledger entry this booking wrote durably, for the engine to apply when the booking ends.
        var written: LedgerEntry?
        do {
            // A booked payment's outcome is handed to the producer before its `done` (see `resultOnceDoneRecorded`):
            // one produce round trip less per booking. It is awaited after `done`; the offset is stored after both.
            var early: (prepared: PreparedOutcome, started: [RelayPublisher.Delivery])?
            let (result, attempts, event) = try await book(context, ledger: ledger, stop: stop, host: host, timer: &timer,
                                                           written: &written) { result, attempts, event in
                let prepared = prepareOutcome(result, attempts: attempts, event: event, context: context)
                early = (prepared, prepared.records.map(publisher.start))
            }
            if let early {
                assert(early.prepared.result == result, "the booking finished with another result than the one published early")
                try await publish(early.prepared, started: early.started, context: context, stop: stop)
            } else {
                try await publish(result, attempts: attempts, event: event, context: context, stop: stop)
            }
            timer.mark(.outcome)
            host.completed(booking, ledger: written)
        } catch {
            host.abandoned(booking, ledger: written)
        }
    }

    /// A booking made progress: feeds `/healthz` and `relay_processing_last_progress_timestamp_seconds`, at most
    /// every 50 ms (every booking step calls it; both are read with a resolution of seconds).
    func processingTicked() {
        let now = Int64(clock.uptime() / .milliseconds(1))
        let last = lastProcessingTickMillis.load(ordering: .relaxed)
        guard now - last >= 50, lastProcessingTickMillis.compareExchange(expected: last, desired: now, ordering: .relaxed).exchanged else { return }
        health.processingTicked()
        metrics.processingProgress.set(clock.now().timeIntervalSince1970)
    }

    // MARK: Booking

    /// Runs the booking to its result. `publishEarly` is called once, when `done` is first asked for, with the result
    /// the booking will finish with; the caller then publishes it and must not publish it again.
    private func book(_ context: RecordContext, ledger: LedgerStatus?, stop: StopFlag, host: any BookingHost, timer: inout StageTimer,
                      written: inout LedgerEntry?,
                      publishEarly: (BookingResult, Int, PaymentEvent) -> Void) async throws -> (BookingResult, Int, PaymentEvent?) {
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
        guard companyId == settings.companyId || settings.allowedCompanyIds.contains(companyId) else {
            return (.rejected(BookingFailure(failureClass: .validation, code: "CompanyNotAllowed",
                                             message: "companyId \(companyId.uuidString.lowercased()) is not in BC_ALLOWED_COMPANY_IDS")), 0, event)
        }
        let fence = BookingFence(stop: stop, host: host)
        let started = clock.uptime()
        // Time spent held at the gate (an outage, an operator's pause) is not on the record's budget.
        var held = Duration.zero
        var machine = BookingProcess(policy: settings.retry, token: token, eventId: event.eventId,
                                     currency: event.currencyCode ?? settings.defaultCurrency,
                                     postedDocumentNumber: settings.tokenDocumentNumbers && event.documentNumber == nil ? token.documentNumber : nil)
        var publishedEarly = false
        var action = machine.handle(.started(ledger: ledger), elapsed: .zero, random: random.unit())
        while true {
            processingTicked()
            let happened: BookingProcess.Event
            var budget = BookingProcess.Budget.counted
            switch action {
            case let .finish(result):
                if machine.usedFallback { metrics.slotFallbacks.increment() }
                return (result, machine.attempts, event)
            case .lookUp:
                (happened, budget) = try await throughGate(stop: stop, resolving: machine.holdsAttempt, held: &held) {
                    (try await lookUp(token: token, companyId: companyId), true)
                }
            case let .create(lineNumber):
                var draft = transform.request(for: event)
                draft.lineNumber = lineNumber
                let request = CustomerPaymentCreate(draft)
                (happened, budget) = try await throughGate(stop: stop, resolving: machine.holdsAttempt, held: &held) {
                    (try await create(request, companyId: companyId, fence: fence, stop: stop), true)
                }
                timer.mark(.create)
            case let .readSlot(lineNumber):
                (happened, budget) = try await throughGate(stop: stop, resolving: machine.holdsAttempt, held: &held) {
                    (try await readSlot(lineNumber, token: token, companyId: companyId), true)
                }
            case let .lookUpPosted(documentNumber):
                (happened, budget) = try await throughGate(stop: stop, resolving: machine.holdsAttempt, held: &held) {
                    do {
                        return (.postedLookedUp(try await businessCentral.postedEntry(documentNumber: documentNumber, companyId: companyId)), true)
                    } catch {
                        return (.postedLookUpFailed(try Self.businessCentralError(error)), true)
                    }
                }
            case .resolveCurrency:
                (happened, budget) = try await throughGate(stop: stop, resolving: machine.holdsAttempt, held: &held) {
                    do {
                        let answer = try await currencies.currency(customerNumber: event.customerNumber, customerId: event.customerId,
                                                                   companyId: companyId)
                        return (.currencyResolved(answer.currency), answer.askedBusinessCentral)
                    } catch {
                        return (.currencyResolveFailed(try Self.businessCentralError(error)), true)
                    }
                }
            case .recordAttempting:
                happened = await writeLedger(.attempting, eventId: event.eventId, token: token, context: context,
                                             success: .attemptingRecorded, written: &written)
                if case .attemptingRecorded = happened { timer.mark(.attempting) }
            case let .recordDone(paymentId, creatorEventId):
                if !publishedEarly, let result = machine.resultOnceDoneRecorded {
                    publishedEarly = true
                    publishEarly(result, machine.attempts, event)
                }
                let creator = creatorEventId.isEmpty ? EventFingerprint.unknown : EventFingerprint(eventId: creatorEventId)
                happened = await writeLedger(.done(paymentId: paymentId, creator: creator), eventId: creatorEventId, token: token,
                                             context: context, success: .doneRecorded, written: &written)
                if case .doneRecorded = happened { timer.mark(.done) }
            case let .wait(delay):
                if let failure = machine.lastFailure {
                    metrics.retries.increment(labels: [failure.failureClass.rawValue])
                    logger.debug("booking retry scheduled", metadata(context, event, ["retry.attempt": String(machine.attempts),
                                                                                      "retry.delay": "\(delay)", "error.class": failure.failureClass.rawValue]))
                }
                try await waitWithHeartbeat(delay, stop: stop)
                happened = .waited
            }
            action = machine.handle(happened, elapsed: clock.uptime() - started - held, random: random.unit(), budget: budget)
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
            processingTicked()
        }
        try checkStop(stop)
    }

    func checkStop(_ stop: StopFlag) throws {
        if stop.isStopped || Task.isCancelled { throw Abandoned() }
    }

    /// Business Central calls run in the booking's task: cancelling it (revoke, shutdown) drops a call that waits for a
    /// token or the limiter, while the client never aborts a create once it is sent.
    private func lookUp(token: IdempotencyToken, companyId: UUID) async throws -> BookingProcess.Event {
        do {
            let journal = try await journal(companyId)
            let lines = try await businessCentral.findCustomerPayments(externalDocumentNumber: token.value, journalId: journal.id, companyId: companyId)
            if lines.count > 1 {
                logger.warning("several BC lines carry one idempotency token", ["bc.token": token.value, "bc.lines": String(lines.count)])
            }
            return .lookedUp(lines.first.map(Self.bookedLine))
        } catch {
            return .lookUpFailed(try Self.businessCentralError(error))
        }
    }

    /// Sends the create unless the fence refuses it. Refused because the partition was revoked: the booking is
    /// abandoned. Refused because the group membership is unconfirmed (a frozen process, a stalled poll loop): the
    /// create waits for the lease to be confirmed again or for the revoke, and is then sent or abandoned.
    private func create(_ request: CustomerPaymentCreate, companyId: UUID, fence: BookingFence, stop: StopFlag) async throws -> BookingProcess.Event {
        var refusals = 0
        while true {
            do {
                let journal = try await journal(companyId)
                let payment = try await businessCentral.createCustomerPayment(request, journalId: journal.id, companyId: companyId, fence: fence)
                return .created(Self.bookedLine(payment))
            } catch let fenced as RequestFenced {
                let revoked = stop.isStopped
                refusals += 1
                if refusals == 1 {   // once per create: a wait for the lease retries every 100 ms
                    metrics.fencedRequests.increment(labels: [revoked ? "revoked" : "membership"])
                    logger.notice("create not sent", ["bc.token": request.externalDocumentNumber ?? "", "relay.fence": fenced.reason])
                }
                try checkStop(stop)
                try await waitWithHeartbeat(.milliseconds(100), stop: stop)
            } catch {
                if let bc = error as? BusinessCentralError, bc.code == BookingProcess.sameKeyCode, request.lineNumber != nil {
                    logger.info("line slot taken; reading it", ["bc.token": request.externalDocumentNumber ?? "", "bc.line_number": String(request.lineNumber!)])
                }
                return .createFailed(try Self.businessCentralError(error))
            }
        }
    }

    private func readSlot(_ lineNumber: Int, token: IdempotencyToken, companyId: UUID) async throws -> BookingProcess.Event {
        do {
            let journal = try await journal(companyId)
            let line = try await businessCentral.customerPayment(lineNumber: lineNumber, journalId: journal.id, companyId: companyId)
            let holder = line == nil ? "empty" : line?.externalDocumentNumber == token.value ? "same_token" : "other_token"
            metrics.slotConflicts.increment(labels: [holder])
            return .slotRead(line.map(Self.bookedLine))
        } catch {
            return .slotReadFailed(try Self.businessCentralError(error))
        }
    }

    private func journal(_ companyId: UUID) async throws -> CustomerPaymentJournal {
        try await businessCentral.journal(code: settings.journalCode, displayName: settings.journalDisplayName, companyId: companyId)
    }

    private static func bookedLine(_ payment: CustomerPayment) -> BookedLine {
        BookedLine(paymentId: payment.id, token: payment.externalDocumentNumber, comment: payment.comment)
    }

    /// The core's failure for a Business Central error; cancellation (revoke, shutdown) abandons the booking instead.
    private static func businessCentralError(_ error: any Error) throws -> ServiceFailure {
        if error is CancellationError { throw Abandoned() }
        if let error = error as? BusinessCentralError { return ServiceFailure(error) }
        return ServiceFailure(kind: .transient, code: "ClientError", message: "\(error)")
    }

    /// Writes a ledger entry durably; on success it becomes `written`, which the engine applies when the booking ends.
    private func writeLedger(_ state: LedgerState, eventId: String, token: IdempotencyToken, context: RecordContext,
                             success: BookingProcess.Event, written: inout LedgerEntry?) async -> BookingProcess.Event {
        let entry = LedgerEntry(token: token, state: state, eventId: eventId, recordedAtMillis: clock.now().millisecondsSince1970,
                                inputPartition: context.record.partition, inputOffset: context.record.offset)
        let record = ProducerRecord(topic: settings.ledgerTopic, partition: context.record.partition, key: entry.keyBytes,
                                    value: entry.valueBytes(), headers: [])
        do {
            _ = try await publisher.send(record)
            written = entry
            return success
        } catch {
            return .ledgerWriteFailed(message: "ledger write failed: \(error)")
        }
    }
}
