import Foundation
import Testing
@testable import RelayCore

/// The booking's decisions over scripted event sequences, including the interleavings that booked a second payment
/// before line slots (a late commit after an unknown outcome, the same key on two partitions, a zombie's create).
@Suite struct BookingProcessTests {
    private let id = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!
    private let otherId = UUID(uuidString: "99999999-2222-3333-4444-555555555555")!
    private let policy = RetryPolicy(maxAttempts: 3, maxElapsed: .seconds(60), baseDelay: .seconds(1), maxDelay: .seconds(10))
    private let token = IdempotencyToken(idempotencyKey: "pay-1")
    private var slot0: Int { LineSlots.lineNumber(for: token, probe: 0) }
    private var slot1: Int { LineSlots.lineNumber(for: token, probe: 1) }

    /// Runs the machine over scripted events and returns the actions it asked for.
    private func run(_ events: [BookingProcess.Event], eventId: String = "evt-1") -> (actions: [BookingProcess.Action], process: BookingProcess) {
        var process = BookingProcess(policy: policy, token: token, eventId: eventId, currency: "USD")
        let actions = events.map { process.handle($0, elapsed: .seconds(1), random: 0.5) }
        return (actions, process)
    }

    /// A line of this token whose comment names `creator`.
    private func line(_ paymentId: UUID? = nil, creator: String? = "evt-1", token: IdempotencyToken? = nil) -> BookedLine {
        BookedLine(paymentId: paymentId ?? id, token: (token ?? self.token).value, comment: creator.map { "ref:X | event:\($0)" })
    }

    private static let timeout = ServiceFailure(kind: .outcomeUnknown, code: "Timeout", message: "timed out")
    private static let unavailable = ServiceFailure(kind: .transient, message: "503", httpStatus: 503)
    private static let slotTaken = ServiceFailure(kind: .conflict, code: BookingProcess.sameKeyCode,
                                                        message: "The Gen. Journal Line already exists.", httpStatus: 400)

    /// A line takes its customer's currency whatever the request says: an amount for an EUR customer sent from a USD
    /// event would be booked as EUR. Checked before anything is written.
    @Test func aCustomerInAnotherCurrencyIsRejectedBeforeAnythingIsBooked() {
        let (actions, process) = run([.started(ledger: nil), .currencyResolved("EUR")])
        guard case let .finish(.rejected(failure)) = actions.last else {
            Issue.record("expected a rejection, got \(actions)")
            return
        }
        #expect(failure.failureClass == .validation)
        #expect(failure.code == "CurrencyMismatch")
        #expect(process.attempts == 0)
    }

    @Test func anEventWithoutACurrencyNeedsTheConfiguredDefault() {
        var process = BookingProcess(policy: policy, token: token, eventId: "evt-1", currency: nil)
        let action = process.handle(.started(ledger: nil), elapsed: .zero, random: 0.5)
        #expect(action == .finish(.rejected(BookingFailure(failureClass: .validation, code: "MissingCurrency",
                                                           message: "the event has no currencyCode and RELAY_DEFAULT_CURRENCY is not set"))))
    }

    @Test func anUnknownCustomerIsLeftToBusinessCentralsOwnRefusal() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved(nil), .attemptingRecorded])
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0)])
    }

    @Test func aCurrencyReadFailureIsRetried() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolveFailed(Self.unavailable), .waited, .currencyResolved("USD")])
        #expect(actions == [.resolveCurrency, .wait(.milliseconds(500)), .resolveCurrency, .recordAttempting])
    }

    @Test func happyPathIsOneCreateInTheTokensSlot() {
        let (actions, process) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .created(line()), .doneRecorded])
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0), .recordDone(paymentId: id, creatorEventId: "evt-1"),
                            .finish(.booked(paymentId: id, status: .created))])
        #expect(process.attempts == 1)
    }

    /// The compact ledger keeps a 15-bit tag of the creating event and no payment id.
    private func done(creator: String) -> LedgerStatus { .done(creator: EventFingerprint(eventId: creator).tag) }

    /// Ledger `done`: nothing is created or written; the answer is the one the event got before, and the line is read
    /// for its id.
    @Test func ledgerDoneAnswersWhatTheEventGotBefore() {
        let mine = run([.started(ledger: done(creator: "evt-1")), .lookedUp(line(creator: nil))])
        #expect(mine.actions == [.lookUp, .finish(.booked(paymentId: id, status: .created))], "a redelivery never turns created into duplicate")
        let other = run([.started(ledger: done(creator: "evt-0")), .lookedUp(line(creator: nil))])
        #expect(other.actions == [.lookUp, .finish(.booked(paymentId: id, status: .duplicate))])
        let unknown = run([.started(ledger: .done(creator: 0)), .lookedUp(line(creator: nil))])
        #expect(unknown.actions.last == .finish(.booked(paymentId: id, status: .duplicate)))
        #expect(mine.process.attempts == 1 && other.process.attempts == 1)
    }

    /// The line's comment names its creator exactly, so a tag shared by chance with another event (1 in 32,767) is
    /// corrected whenever the line can still be read.
    @Test func ledgerDoneTrustsTheLinesCommentOverTheTag() {
        let (actions, _) = run([.started(ledger: done(creator: "evt-1")), .lookedUp(line(creator: "evt-0"))])
        #expect(actions.last == .finish(.booked(paymentId: id, status: .duplicate)))
    }

    /// A line posted since (it left the journal) or an unreadable one: the payment exists, the outcome says so without
    /// its id — never a failure, a retry or a create.
    @Test func ledgerDoneWithoutAReadableLineReportsNoPaymentId() {
        let posted = run([.started(ledger: done(creator: "evt-0")), .lookedUp(nil)])
        #expect(posted.actions == [.lookUp, .finish(.booked(paymentId: nil, status: .duplicate))])
        let failed = run([.started(ledger: done(creator: "evt-1")), .lookUpFailed(Self.unavailable)])
        #expect(failed.actions == [.lookUp, .finish(.booked(paymentId: nil, status: .created))])
        let throttled = run([.started(ledger: done(creator: "evt-1")),
                             .lookUpFailed(ServiceFailure(kind: .throttled, message: "429", httpStatus: 429, retryAfter: .seconds(5)))])
        #expect(throttled.actions.last == .finish(.booked(paymentId: nil, status: .created)))
    }

    @Test func ledgerDoneOfAPostedLineFindsItsIdInThePostedEntries() {
        let found = runPosted([.started(ledger: done(creator: "evt-0")), .lookedUp(nil), .postedLookedUp(otherId)])
        #expect(found == [.lookUp, .lookUpPosted(documentNumber: token.documentNumber), .finish(.booked(paymentId: otherId, status: .duplicate))])
        let gone = runPosted([.started(ledger: done(creator: "evt-1")), .lookedUp(nil), .postedLookUpFailed(Self.unavailable)])
        #expect(gone.last == .finish(.booked(paymentId: nil, status: .created)))
    }

    @Test func ledgerAttemptingLooksUpFirstAndTheCommentNamesTheCreator() {
        let mine = run([.started(ledger: .attempting), .lookedUp(line(creator: "evt-1")), .doneRecorded])
        #expect(mine.actions == [.lookUp, .recordDone(paymentId: id, creatorEventId: "evt-1"), .finish(.booked(paymentId: id, status: .created))])
        let other = run([.started(ledger: .attempting), .lookedUp(line(creator: "evt-0")), .doneRecorded])
        #expect(other.actions == [.lookUp, .recordDone(paymentId: id, creatorEventId: "evt-0"), .finish(.booked(paymentId: id, status: .duplicate))])
    }

    /// The shell publishes the outcome while `done` is written: the result it gets when `done` is first asked for is
    /// the one the booking finishes with, also after failed `done` writes; before that there is none.
    @Test(arguments: [
        (ledger: LedgerStatus?.none, found: String?.none, status: OutcomeStatus.created, creator: "evt-1"),
        (.attempting, nil, .created, "evt-1"),      // nothing found: created now
        (.attempting, "evt-0", .duplicate, "evt-0"),  // another event's line
        (.attempting, "evt-1", .created, "evt-1"),    // this event's line, from before a restart
    ])
    func theResultOnceDoneIsRecordedIsKnownWhenDoneIsAskedFor(ledger: LedgerStatus?, found: String?, status: OutcomeStatus, creator: String) {
        var events: [BookingProcess.Event] = [.started(ledger: ledger)]
        if ledger == .attempting { events.append(.lookedUp(found.map { line(creator: $0) })) }
        if found == nil { events.append(.currencyResolved("USD")) }
        if ledger == nil { events.append(.attemptingRecorded) }
        var process = BookingProcess(policy: policy, token: token, eventId: "evt-1", currency: "USD")
        var action = BookingProcess.Action.wait(.zero)
        for event in events {
            #expect(process.resultOnceDoneRecorded == nil)
            action = process.handle(event, elapsed: .seconds(1), random: 0.5)
        }
        if case .create = action {
            #expect(process.resultOnceDoneRecorded == nil, "nothing is known before the create answers")
            action = process.handle(.created(line()), elapsed: .seconds(1), random: 0.5)
        }
        #expect(action == .recordDone(paymentId: id, creatorEventId: creator))
        let early = BookingResult.booked(paymentId: id, status: status)
        #expect(process.resultOnceDoneRecorded == early)
        #expect(process.handle(.ledgerWriteFailed(message: "down"), elapsed: .seconds(1), random: 0.5) == .wait(.milliseconds(500)))
        #expect(process.resultOnceDoneRecorded == early)
        #expect(process.handle(.waited, elapsed: .seconds(2), random: 0.5) == .recordDone(paymentId: id, creatorEventId: creator))
        #expect(process.handle(.doneRecorded, elapsed: .seconds(2), random: 0.5) == .finish(early))
        #expect(process.resultOnceDoneRecorded == nil)
    }

    @Test func ledgerAttemptingWithNoLineCreatesInTheSlot() {
        let (actions, _) = run([.started(ledger: .attempting), .lookedUp(nil), .currencyResolved("USD"), .created(line()), .doneRecorded])
        #expect(actions == [.lookUp, .resolveCurrency, .create(lineNumber: slot0), .recordDone(paymentId: id, creatorEventId: "evt-1"),
                            .finish(.booked(paymentId: id, status: .created))])
    }

    /// BC still executing after the client gave up: the retry goes to the same slot; BC refuses it once the first
    /// create commits, and the slot holds this event's line. One line, `created`.
    @Test func unknownOutcomeThenLateCommitFindsTheLineInTheSlot() {
        let (actions, process) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.timeout), .waited,
                                      .createFailed(Self.slotTaken), .slotRead(line()), .doneRecorded])
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0), .wait(.milliseconds(500)), .create(lineNumber: slot0),
                            .readSlot(lineNumber: slot0), .recordDone(paymentId: id, creatorEventId: "evt-1"),
                            .finish(.booked(paymentId: id, status: .created))])
        #expect(process.attempts == 3)
    }

    /// The same key on two partitions (or a zombie owner's queued create): BC refuses the second insert, the slot
    /// holds the other event's line. Nothing booked twice; this event is a `duplicate`.
    @Test func aSecondEventWithTheKeyIsRefusedByTheSlotAndIsADuplicate() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.slotTaken),
                                .slotRead(line(otherId, creator: "evt-2")), .doneRecorded], eventId: "evt-9")
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0), .readSlot(lineNumber: slot0),
                            .recordDone(paymentId: otherId, creatorEventId: "evt-2"), .finish(.booked(paymentId: otherId, status: .duplicate))])
    }

    /// A hash collision: the slot holds another token's line. The next slot costs two extra requests.
    @Test func aSlotHeldByAnotherTokenMovesToTheNextSlot() {
        let stranger = line(otherId, creator: "x", token: IdempotencyToken(idempotencyKey: "someone-else"))
        let (actions, process) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.slotTaken), .slotRead(stranger),
                                      .created(line()), .doneRecorded])
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0), .readSlot(lineNumber: slot0), .create(lineNumber: slot1),
                            .recordDone(paymentId: id, creatorEventId: "evt-1"), .finish(.booked(paymentId: id, status: .created))])
        #expect(process.attempts == 3)
        #expect(!process.usedFallback)
    }

    @Test func exhaustedSlotsFallBackToALookupGuardedCreateWithoutALineNumber() {
        let stranger = line(otherId, creator: "x", token: IdempotencyToken(idempotencyKey: "someone-else"))
        var events: [BookingProcess.Event] = [.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded]
        for _ in 0..<LineSlots.maxProbes { events += [.createFailed(Self.slotTaken), .slotRead(stranger)] }
        events += [.lookedUp(nil), .createFailed(Self.timeout), .waited, .lookedUp(line()), .doneRecorded]
        let (actions, process) = run(events)
        let creates = actions.filter { if case .create = $0 { return true } else { return false } }
        #expect(creates == (0..<LineSlots.maxProbes).map { .create(lineNumber: LineSlots.lineNumber(for: token, probe: $0)) } + [.create(lineNumber: nil)])
        // Without a slot an unknown outcome can only be resolved by a lookup.
        #expect(Array(actions.suffix(5).dropLast()) == [.create(lineNumber: nil), .wait(.milliseconds(500)), .lookUp,
                                            .recordDone(paymentId: id, creatorEventId: "evt-1")])
        #expect(process.usedFallback)
    }

    @Test func aSlotFoundEmptyIsTriedAgain() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.slotTaken), .slotRead(nil), .created(line())])
        #expect(actions == [.resolveCurrency, .recordAttempting, .create(lineNumber: slot0), .readSlot(lineNumber: slot0), .create(lineNumber: slot0),
                            .recordDone(paymentId: id, creatorEventId: "evt-1")])
    }

    @Test func transientFailureRetriesTheCreate() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.unavailable), .waited, .created(line()), .doneRecorded])
        #expect(actions[4] == .create(lineNumber: slot0))
    }

    @Test func permanentFailureRejectsAtOnce() {
        let error = ServiceFailure(kind: .permanent, code: "Application_StringExceededLength", message: "too long", httpStatus: 400)
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(error)])
        #expect(actions.last == .finish(.rejected(BookingFailure(failureClass: .permanent, code: "Application_StringExceededLength", message: "too long", httpStatus: 400))))
    }

    @Test func exhaustedRetriesFailWithTheLastError() {
        let (actions, process) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.unavailable), .waited,
                                      .createFailed(Self.unavailable), .waited, .createFailed(Self.unavailable)])
        guard case let .finish(.failed(failure)) = actions.last else {
            Issue.record("expected failed, got \(String(describing: actions.last))")
            return
        }
        #expect(failure.failureClass == .transient)
        #expect(failure.httpStatus == 503)
        #expect(failure.message.contains("gave up after 3 attempts"))
        #expect(process.attempts == 3)
    }

    /// Once a create's outcome was unknown, the line may exist: the final class says so, whatever failed last.
    @Test func aFinalFailureAfterAnUnknownOutcomeStaysOutcomeUnknown() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.timeout), .waited,
                                .createFailed(Self.unavailable), .waited, .createFailed(Self.unavailable)])
        guard case let .finish(.failed(failure)) = actions.last else {
            Issue.record("expected failed, got \(String(describing: actions.last))")
            return
        }
        #expect(failure.failureClass == .outcomeUnknown)
    }

    @Test func throttlesHonourRetryAfterAndDoNotCount() {
        let throttled = ServiceFailure(kind: .throttled, message: "429", httpStatus: 429, retryAfter: .seconds(2))
        var events: [BookingProcess.Event] = [.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded]
        for _ in 0..<5 { events += [.createFailed(throttled), .waited] }
        events += [.created(line()), .doneRecorded]
        let (actions, _) = run(events)
        #expect(actions.filter { $0 == .wait(.milliseconds(2500)) }.count == 5)
        #expect(actions.last == .finish(.booked(paymentId: id, status: .created)))
    }

    @Test func lookUpAndSlotReadFailuresRetryTheRead() {
        let lookUp = run([.started(ledger: .attempting), .lookUpFailed(Self.unavailable), .waited, .lookedUp(nil), .currencyResolved("USD")])
        #expect(lookUp.actions == [.lookUp, .wait(.milliseconds(500)), .lookUp, .resolveCurrency, .create(lineNumber: slot0)])
        let slot = run([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.slotTaken), .slotReadFailed(Self.unavailable), .waited])
        #expect(Array(slot.actions.suffix(2)) == [.wait(.milliseconds(500)), .readSlot(lineNumber: slot0)])
    }

    @Test func attemptingWriteFailureRetriesTheWrite() {
        let (actions, _) = run([.started(ledger: nil), .currencyResolved("USD"), .ledgerWriteFailed(message: "broker down"), .waited, .attemptingRecorded])
        #expect(actions == [.resolveCurrency, .recordAttempting, .wait(.milliseconds(500)), .recordAttempting, .create(lineNumber: slot0)])
    }

    /// `done` given up would leave `attempting`, and the key would be booked again once its line is posted: it is
    /// retried for as long as the booking runs (the shell abandons it on revoke).
    @Test func doneIsNeverGivenUp() {
        var events: [BookingProcess.Event] = [.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .created(line())]
        for _ in 0..<20 { events += [.ledgerWriteFailed(message: "x"), .waited] }
        events.append(.doneRecorded)
        let (actions, _) = run(events)
        #expect(actions.filter { $0 == .recordDone(paymentId: id, creatorEventId: "evt-1") }.count == 21)
        #expect(actions.last == .finish(.booked(paymentId: id, status: .created)))
    }

    // MARK: Token document numbers (opt-in): posted lines found by their document number

    private func runPosted(_ events: [BookingProcess.Event]) -> [BookingProcess.Action] {
        var process = BookingProcess(policy: policy, token: token, eventId: "evt-1", currency: "USD", postedDocumentNumber: token.documentNumber)
        return events.map { process.handle($0, elapsed: .seconds(1), random: 0.5) }
    }

    @Test func anAttemptWhoseLineWasPostedIsFoundInThePostedEntries() {
        let actions = runPosted([.started(ledger: .attempting), .lookedUp(nil), .postedLookedUp(otherId), .doneRecorded])
        #expect(actions == [.lookUp, .lookUpPosted(documentNumber: token.documentNumber),
                            .recordDone(paymentId: otherId, creatorEventId: ""), .finish(.booked(paymentId: otherId, status: .duplicate))])
    }

    @Test func anUnknownOutcomeSearchesThePostedEntriesBeforeCreatingAgain() {
        let found = runPosted([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.timeout), .waited,
                               .postedLookedUp(otherId)])
        #expect(Array(found.suffix(3)) == [.wait(.milliseconds(500)), .lookUpPosted(documentNumber: token.documentNumber),
                                           .recordDone(paymentId: otherId, creatorEventId: "evt-1")])
        let notFound = runPosted([.started(ledger: nil), .currencyResolved("USD"), .attemptingRecorded, .createFailed(Self.timeout), .waited,
                                  .postedLookedUp(nil)])
        #expect(notFound.last == .create(lineNumber: slot0))
    }

    @Test func withoutTheModeNoPostedSearchHappens() {
        let (actions, _) = run([.started(ledger: .attempting), .lookedUp(nil), .currencyResolved("USD")])
        #expect(actions == [.lookUp, .resolveCurrency, .create(lineNumber: slot0)])
    }

    // MARK: Outage mode: failures while the circuit breaker is not closed are not on the record's budget

    /// Runs the machine with a budget (and an elapsed time) per event.
    private func runBudgeted(_ events: [(BookingProcess.Event, BookingProcess.Budget)], elapsed: Duration = .seconds(1)) -> [BookingProcess.Action] {
        var process = BookingProcess(policy: policy, token: token, eventId: "evt-1", currency: "USD")
        return events.map { process.handle($0.0, elapsed: elapsed, random: 0.5, budget: $0.1) }
    }

    private var firstCreate: [(BookingProcess.Event, BookingProcess.Budget)] {
        [(.started(ledger: nil), .counted), (.currencyResolved("USD"), .counted), (.attemptingRecorded, .counted)]
    }

    /// An outage longer than the budget: every failure while the breaker is open waits and retries; none gives up.
    @Test func failuresDuringAnOutageNeverExhaustTheAttempts() {
        var events = firstCreate
        for _ in 0..<20 { events += [(.createFailed(Self.unavailable), .suspended), (.waited, .counted)] }
        events += [(.created(line()), .counted), (.doneRecorded, .counted)]
        let actions = runBudgeted(events)
        #expect(actions.filter { $0 == .wait(.milliseconds(500)) }.count == 20, "the first backoff step each time")
        #expect(actions.last == .finish(.booked(paymentId: id, status: .created)))
    }

    @Test func aSuspendedFailurePastTheElapsedBudgetStillRetries() {
        let events = firstCreate + [(.createFailed(Self.unavailable), BookingProcess.Budget.suspended)]
        #expect(runBudgeted(events, elapsed: .seconds(3600)).last == .wait(.milliseconds(500)))
        let counted = firstCreate + [(.createFailed(Self.unavailable), BookingProcess.Budget.counted)]
        guard case .finish(.failed)? = runBudgeted(counted, elapsed: .seconds(3600)).last else {
            Issue.record("a counted failure past the budget gives up")
            return
        }
    }

    /// Attempts spent before the outage still count; those during it do not: the third counted failure gives up.
    @Test func countedFailuresAroundAnOutageStillExhaustTheBudget() {
        var events = firstCreate + [(.createFailed(Self.unavailable), .counted), (.waited, .counted)]
        for _ in 0..<5 { events += [(.createFailed(Self.unavailable), .suspended), (.waited, .counted)] }
        events += [(.createFailed(Self.unavailable), .counted), (.waited, .counted), (.createFailed(Self.unavailable), .counted)]
        let actions = runBudgeted(events)
        guard case let .finish(.failed(failure)) = actions.last else {
            Issue.record("expected failed, got \(String(describing: actions.last))")
            return
        }
        #expect(failure.message.contains("gave up after 3 attempts"))
        #expect(actions.filter { if case .wait = $0 { true } else { false } }.count == 7)
    }

    /// A failure about the record is the record's, outage or not; an unknown outcome still leads to the slot check.
    @Test func aRecordFailureDuringAnOutageIsStillRejectedAndAnUnknownOutcomeStillChecked() {
        let error = ServiceFailure(kind: .permanent, code: "BadRequest", message: "no such customer", httpStatus: 400)
        #expect(runBudgeted(firstCreate + [(.createFailed(error), .suspended)]).last
                == .finish(.rejected(BookingFailure(failureClass: .permanent, code: "BadRequest", message: "no such customer", httpStatus: 400))))
        let unknown = runBudgeted(firstCreate + [(.createFailed(Self.timeout), .suspended), (.waited, .counted)])
        #expect(unknown.last == .create(lineNumber: slot0), "created again in the same slot: BC refuses it if the first committed")
    }

    /// An operator's pause holds a booking only until it holds an `attempting` entry: after that a create may exist,
    /// and the booking must reach its answer before the journal can be posted.
    @Test func aBookingHoldsAnAttemptOnceItWroteOrFoundOne() {
        var fresh = BookingProcess(policy: policy, token: token, eventId: "evt-1", currency: "USD")
        _ = fresh.handle(.started(ledger: nil), elapsed: .zero, random: 0.5)
        _ = fresh.handle(.currencyResolved("USD"), elapsed: .zero, random: 0.5)
        #expect(!fresh.holdsAttempt)
        _ = fresh.handle(.attemptingRecorded, elapsed: .zero, random: 0.5)
        #expect(fresh.holdsAttempt)
        #expect(run([.started(ledger: .attempting)]).process.holdsAttempt)
        #expect(!run([.started(ledger: done(creator: "evt-1"))]).process.holdsAttempt)
    }

    /// A Kafka ledger failure is never an outage of BC: it counts as before.
    @Test func ledgerWriteFailuresAlwaysCount() {
        let failure: (BookingProcess.Event, BookingProcess.Budget) = (.ledgerWriteFailed(message: "broker down"), .suspended)
        let events = [(.started(ledger: nil), .counted), (.currencyResolved("USD"), .counted), failure, (.waited, .counted), failure,
                      (.waited, .counted), failure]
        guard case let .finish(.failed(final))? = runBudgeted(events).last else {
            Issue.record("three ledger failures exhaust the attempts")
            return
        }
        #expect(final.code == "LedgerWriteFailed")
    }
}
