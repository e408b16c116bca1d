import Foundation

/// The booking of one event as a pure state machine: the shell feeds it what happened and executes the action it
/// returns, until `.finish`.
///
/// The protocol that gives one Business Central line per token on top of at-least-once delivery:
/// 1. ledger `done` for the token → nothing is created: `created` if this event created the line, else `duplicate`;
///    the ledger keeps no payment id, so the token is looked up for the outcome's id (none if the line was posted
///    since, or the lookup fails: the outcome never waits or fails for it);
/// 2. ledger `attempting` (an earlier attempt may have created the line, perhaps before line slots) → look the
///    token up first;
/// 3. otherwise record `attempting` durably, then create in the token's line slot (``LineSlots``);
/// 4. BC refuses a second insert into a slot (`Internal_EntityWithSameKeyExists`): read the slot's line; the same
///    token → found (nothing booked twice); another token (a collision) → the next slot; after ``LineSlots/maxProbes``
///    slots → a lookup-guarded create without a line number;
/// 5. after an unknown outcome (timeout, lost connection, 5xx) create again in the same slot: if the first create
///    committed, or is still executing, BC refuses the second and step 4 finds the line;
/// 6. record `done(id, creator)` durably before finishing — retried for as long as the booking runs, never given up.
///
/// An event gets `created` only when the line's `comment` names it (`event:<eventId>`), so a redelivery never turns
/// `created` into `duplicate`. Once a create's outcome was unknown, a final failure keeps the class `outcome_unknown`.
public struct BookingProcess: Sendable {
    /// What the shell must do next.
    public enum Action: Sendable, Equatable {
        /// `findCustomerPayments(externalDocumentNumber: token)` with `Data-Access-Intent: ReadWrite`.
        case lookUp
        /// Write ledger `attempting` for the token and wait for its delivery.
        case recordAttempting
        /// `createCustomerPayment` with this `lineNumber` (`nil`: BC numbers the line; the lookup-guarded fallback).
        case create(lineNumber: Int?)
        /// Read the line in this slot (`$filter=lineNumber eq N`).
        case readSlot(lineNumber: Int)
        /// Search the posted entries (`generalLedgerEntries`) for this document number: a line posted since it was
        /// created has left the journal, and its slot is free again.
        case lookUpPosted(documentNumber: String)
        /// Resolve the currency the customer's lines are booked in (the customer card's, blank = the company's).
        case resolveCurrency
        /// Write ledger `done(paymentId)` with the creating event's id (empty when unknown) and wait for its delivery.
        case recordDone(paymentId: UUID, creatorEventId: String)
        /// Sleep, then report `.waited`.
        case wait(Duration)
        /// Publish the outcome (and the dead letter unless booked).
        case finish(BookingResult)
    }

    /// What happened.
    public enum Event: Sendable, Equatable {
        /// The ledger's status for the token when the booking starts.
        case started(ledger: LedgerStatus?)
        case lookedUp(BookedLine?)
        case lookUpFailed(ServiceFailure)
        case attemptingRecorded
        case created(BookedLine)
        case createFailed(ServiceFailure)
        case slotRead(BookedLine?)
        case slotReadFailed(ServiceFailure)
        /// A posted entry with the token's document number (its id), or `nil`.
        case postedLookedUp(UUID?)
        case postedLookUpFailed(ServiceFailure)
        /// The customer's currency; `nil` when the customer was not found (the create then fails with BC's message).
        case currencyResolved(String?)
        case currencyResolveFailed(ServiceFailure)
        case doneRecorded
        /// A ledger write failed (Kafka); `message` says why.
        case ledgerWriteFailed(message: String)
        case waited
    }

    /// Whether a failed Business Central call counts against the booking's retry budget.
    public enum Budget: Sendable, Equatable {
        /// It counts (attempts and elapsed time), as usual.
        case counted
        /// It does not: the call failed during a Business Central outage (the circuit breaker opened on it, or was
        /// not closed). The booking retries after the usual backoff without spending an attempt and never gives up
        /// on such a failure; the shell holds the retry until BC is back.
        case suspended
    }

    /// Each step with the data it needs.
    private enum State: Sendable, Equatable {
        case idle
        case lookingUp
        /// The ledger says `done`: looking the line up for its id only (`status` is the ledger's answer).
        case lookingUpPaymentId(status: OutcomeStatus)
        /// The same in the posted entries.
        case lookingUpPostedPaymentId(status: OutcomeStatus)
        case recordingAttempt
        case creating(lineNumber: Int?)
        case readingSlot(lineNumber: Int)
        case resolvingCurrency
        /// Searching the posted entries; ``afterPosted`` follows when nothing is found.
        case lookingUpPosted
        case recordingDone(paymentId: UUID, status: OutcomeStatus, creatorEventId: String)
        /// Waiting before `next`.
        case waiting(next: Action)
        /// Waiting before writing `done` again.
        case waitingToRecordDone(paymentId: UUID, status: OutcomeStatus, creatorEventId: String)
        case finished
    }

    /// The code BC answers a second insert of an existing (or still executing) line key with.
    public static let sameKeyCode = "Internal_EntityWithSameKeyExists"

    public let policy: RetryPolicy
    public let token: IdempotencyToken
    public let eventId: String
    /// The currency the event's amount is in (its `currencyCode`, or the configured default); `nil`: unknown.
    public let currency: String?
    /// The token's document number when posted lines are searched by it (opt-in), else `nil`.
    public let postedDocumentNumber: String?
    private var state = State.idle
    /// What follows a posted-entry search that found nothing: `nil` = the step after a lookup found nothing (currency
    /// check, then create), else this create (the retry after an unknown outcome).
    private var afterPosted: Action?
    /// Whether the customer's currency was checked against ``currency``.
    private var currencyChecked = false
    /// What follows a successful currency check: recording `attempting` (a first booking) or the create (a lookup found
    /// nothing).
    private var createsAfterCurrency = false
    /// The slot probe in use; `nil` once the slots are exhausted (lookup-guarded creates without a line number).
    private var probe: Int? = 0
    /// Reads of a slot that turned out empty (its line was posted, or the insert that held it rolled back).
    private var emptySlotReads = 0
    private var createSent = false
    private var outcomeWasUnknown = false
    private var countedFailures = 0
    private var doneWriteFailures = 0
    /// Business Central calls issued (creates, lookups and slot reads), reported as `attempts`.
    public private(set) var attempts = 0
    /// The last failure, reported when the booking gives up.
    public private(set) var lastFailure: BookingFailure?
    /// Whether the booking fell back to a create without a line slot (every probed slot held another token).
    public var usedFallback: Bool { probe == nil }
    /// Whether the ledger holds `attempting` for the token on this booking's account (it wrote it, or found it at the
    /// start): a create may have been sent, so the booking must run to its answer before the journal is posted.
    public private(set) var holdsAttempt = false
    /// The result the booking finishes with once `done` is durable; `nil` until `done` is first asked for.
    ///
    /// The shell publishes the outcome while `done` is written (different topics, no order between them): neither is
    /// needed for the other, and the offset is stored only after both. A worker that dies between them leaves
    /// `attempting` with a line in Business Central, which its successor finds and reports again (an outcome twice,
    /// never a payment twice).
    public var resultOnceDoneRecorded: BookingResult? {
        switch state {
        case let .recordingDone(paymentId, status, _), let .waitingToRecordDone(paymentId, status, _):
            return .booked(paymentId: paymentId, status: status)
        default:
            return nil
        }
    }

    /// - Parameter currency: the currency of the event's amount; a line takes its customer's currency whatever the
    ///   request says, so the booking is refused unless they agree.
    ///   - postedDocumentNumber: the document number the line is created with when it is the token's
    ///     (``IdempotencyToken/documentNumber``): before a create that may repeat an earlier one, the posted entries
    ///     are searched by it.
    public init(policy: RetryPolicy, token: IdempotencyToken, eventId: String, currency: String?, postedDocumentNumber: String? = nil) {
        self.policy = policy
        self.token = token
        self.eventId = eventId
        self.currency = currency?.uppercased()
        self.postedDocumentNumber = postedDocumentNumber
    }

    /// Feeds `event`; `elapsed` is the time the booking's budget has run (the shell leaves out time held during an
    /// outage), `random` a uniform value in `0..<1`, and `budget` whether a failed BC call counts against the budget.
    public mutating func handle(_ event: Event, elapsed: Duration, random: Double, budget: Budget = .counted) -> Action {
        switch (state, event) {
        case let (.idle, .started(ledger)):
            switch ledger {
            case let .done(creator)?:
                let status: OutcomeStatus = creator == EventFingerprint(eventId: eventId).tag ? .created : .duplicate
                state = .lookingUpPaymentId(status: status)
                attempts += 1
                return .lookUp
            case .attempting?:
                holdsAttempt = true
                return lookUp()
            case nil:
                return checkCurrency(thenCreate: false)
            }
        case let (.resolvingCurrency, .currencyResolved(customerCurrency)):
            if let customerCurrency, customerCurrency != currency {
                return finish(.rejected(BookingFailure(
                    failureClass: .validation, code: "CurrencyMismatch",
                    message: "the customer's lines are booked in \(customerCurrency); the event's amount is in \(currency ?? "?")")))
            }
            currencyChecked = true
            if createsAfterCurrency { return create() }
            state = .recordingAttempt
            return .recordAttempting
        case let (.resolvingCurrency, .currencyResolveFailed(error)):
            return failed(error, next: .resolveCurrency, elapsed: elapsed, random: random, budget: budget)
        case (.recordingAttempt, .attemptingRecorded):
            holdsAttempt = true
            return create()
        case let (.recordingAttempt, .ledgerWriteFailed(message)):
            return retry(BookingFailure(failureClass: .infrastructure, code: "LedgerWriteFailed", message: message),
                         counted: true, retryAfter: nil, next: .recordAttempting, elapsed: elapsed, random: random, budget: .counted)

        case let (.lookingUpPaymentId(status), .lookedUp(line)):
            if let line {
                // The line's comment names its creator exactly (the ledger keeps a 15-bit tag of it).
                let named = line.creatorEventId.map { $0 == eventId ? OutcomeStatus.created : .duplicate }
                return finish(.booked(paymentId: line.paymentId, status: named ?? status))
            }
            if let documentNumber = postedDocumentNumber {
                state = .lookingUpPostedPaymentId(status: status)
                attempts += 1
                return .lookUpPosted(documentNumber: documentNumber)
            }
            return finish(.booked(paymentId: nil, status: status))
        case let (.lookingUpPostedPaymentId(status), .postedLookedUp(id)):
            return finish(.booked(paymentId: id, status: status))
        case let (.lookingUpPaymentId(status), .lookUpFailed(error)), let (.lookingUpPostedPaymentId(status), .postedLookUpFailed(error)):
            // The payment exists (ledger `done`); its id is only informative: reported without it, never retried.
            lastFailure = FailureClassifier.failure(from: error)
            return finish(.booked(paymentId: nil, status: status))

        case let (.lookingUp, .lookedUp(line)):
            if let line { return found(line) }
            return lookUpPosted(then: nil) ?? afterEmptyLookUp()
        case let (.lookingUpPosted, .postedLookedUp(entry)):
            guard let entry else {
                if let next = afterPosted { return perform(next) }
                return afterEmptyLookUp()
            }
            // Posted: its creator is unknown (posted entries carry no comment); ours only if this booking sent a create.
            return recordDone(entry, status: createSent ? .created : .duplicate, creatorEventId: createSent ? eventId : "")
        case let (.lookingUpPosted, .postedLookUpFailed(error)):
            return failed(error, next: .lookUpPosted(documentNumber: postedDocumentNumber ?? ""), elapsed: elapsed, random: random, budget: budget)
        case let (.lookingUp, .lookUpFailed(error)):
            return failed(error, next: .lookUp, elapsed: elapsed, random: random, budget: budget)

        case let (.creating, .created(line)):
            return recordDone(line.paymentId, status: .created, creatorEventId: eventId)
        case let (.creating(lineNumber), .createFailed(error)):
            if let lineNumber, error.code == Self.sameKeyCode {
                return readSlot(lineNumber)
            }
            if error.kind == .outcomeUnknown { outcomeWasUnknown = true }
            // In a slot, creating again is the check: BC refuses it if the first create committed or still runs.
            // Without a slot only a lookup can tell.
            // With token document numbers, a line posted since the create is searched for first.
            let mayBeApplied = error.kind == .outcomeUnknown || error.kind == .conflict
            var next: Action = mayBeApplied && lineNumber == nil ? .lookUp : .create(lineNumber: lineNumber)
            if mayBeApplied, lineNumber != nil, let documentNumber = postedDocumentNumber {
                afterPosted = next
                next = .lookUpPosted(documentNumber: documentNumber)
            }
            return failed(error, next: next, elapsed: elapsed, random: random, budget: budget)

        case let (.readingSlot(lineNumber), .slotRead(line)):
            guard let line else {
                // The line that refused us is gone (posted, or its insert rolled back): the slot is free again.
                emptySlotReads += 1
                if emptySlotReads > 2 { return nextSlot() }
                return create(lineNumber: lineNumber)
            }
            guard line.token == token.value else { return nextSlot() }
            return found(line)
        case let (.readingSlot(lineNumber), .slotReadFailed(error)):
            return failed(error, next: .readSlot(lineNumber: lineNumber), elapsed: elapsed, random: random, budget: budget)

        case let (.recordingDone(paymentId, status, _), .doneRecorded):
            return finish(.booked(paymentId: paymentId, status: status))
        case let (.recordingDone(paymentId, status, creatorEventId), .ledgerWriteFailed(message)):
            // The line exists. Without `done` the ledger keeps `attempting` and a later event with this key would be
            // booked again once the line is posted (its slot freed): retry as long as the booking runs.
            doneWriteFailures += 1
            lastFailure = BookingFailure(failureClass: .infrastructure, code: "LedgerWriteFailed", message: message)
            state = .waitingToRecordDone(paymentId: paymentId, status: status, creatorEventId: creatorEventId)
            return .wait(policy.backoffWindow(attempt: doneWriteFailures) * random)
        case let (.waitingToRecordDone(paymentId, status, creatorEventId), .waited):
            return recordDone(paymentId, status: status, creatorEventId: creatorEventId)

        case let (.waiting(next), .waited):
            return perform(next)
        default:
            preconditionFailure("BookingProcess: event \(event) is not expected in state \(state)")
        }
    }

    // MARK: Steps

    private mutating func perform(_ action: Action) -> Action {
        switch action {
        case .lookUp: return lookUp()
        case .recordAttempting:
            state = .recordingAttempt
            return .recordAttempting
        case let .create(lineNumber): return create(lineNumber: lineNumber)
        case let .readSlot(lineNumber): return readSlot(lineNumber)
        case .resolveCurrency:
            state = .resolvingCurrency
            return .resolveCurrency
        case .lookUpPosted:
            state = .lookingUpPosted
            attempts += 1
            return action
        case .recordDone, .wait, .finish:
            preconditionFailure("BookingProcess: \(action) is never retried through a wait")
        }
    }

    /// The event's currency must be the customer's before anything is created: BC books the amount sent in the
    /// customer's currency (table 81, `GetCustomerAccount()`), whatever the event said.
    private mutating func checkCurrency(thenCreate: Bool) -> Action {
        guard currency != nil else {
            return finish(.rejected(BookingFailure(
                failureClass: .validation, code: "MissingCurrency",
                message: "the event has no currencyCode and RELAY_DEFAULT_CURRENCY is not set")))
        }
        createsAfterCurrency = thenCreate
        state = .resolvingCurrency
        return .resolveCurrency
    }

    /// Searches the posted entries when the mode is on (`nil` otherwise); `next` follows when nothing is found.
    private mutating func lookUpPosted(then next: Action?) -> Action? {
        guard let documentNumber = postedDocumentNumber else { return nil }
        afterPosted = next
        return perform(.lookUpPosted(documentNumber: documentNumber))
    }

    /// A lookup found no line (and no posted entry): check the currency once, then create.
    private mutating func afterEmptyLookUp() -> Action {
        currencyChecked ? create() : checkCurrency(thenCreate: true)
    }

    private mutating func lookUp() -> Action {
        state = .lookingUp
        attempts += 1
        return .lookUp
    }

    /// A create in the current slot (or without one, after the slots are exhausted).
    private mutating func create() -> Action {
        create(lineNumber: probe.map { LineSlots.lineNumber(for: token, probe: $0) })
    }

    private mutating func create(lineNumber: Int?) -> Action {
        state = .creating(lineNumber: lineNumber)
        attempts += 1
        createSent = true
        return .create(lineNumber: lineNumber)
    }

    private mutating func readSlot(_ lineNumber: Int) -> Action {
        state = .readingSlot(lineNumber: lineNumber)
        attempts += 1
        return .readSlot(lineNumber: lineNumber)
    }

    /// The slot holds another token's line (or keeps coming up empty): try the next one, or fall back to a
    /// lookup-guarded create without a line number.
    private mutating func nextSlot() -> Action {
        emptySlotReads = 0
        let next = (probe ?? LineSlots.maxProbes) + 1
        guard next < LineSlots.maxProbes else {
            probe = nil
            return lookUp()
        }
        probe = next
        return create()
    }

    /// A line with this token exists: `created` when its comment names this event, else `duplicate`.
    private mutating func found(_ line: BookedLine) -> Action {
        if let creator = line.creatorEventId {
            return recordDone(line.paymentId, status: creator == eventId ? .created : .duplicate, creatorEventId: creator)
        }
        // A line without the marker (booked by hand, or by an older relay): ours only if we sent a create.
        return recordDone(line.paymentId, status: createSent ? .created : .duplicate, creatorEventId: createSent ? eventId : "")
    }

    private mutating func recordDone(_ paymentId: UUID, status: OutcomeStatus, creatorEventId: String) -> Action {
        state = .recordingDone(paymentId: paymentId, status: status, creatorEventId: creatorEventId)
        return .recordDone(paymentId: paymentId, creatorEventId: creatorEventId)
    }

    private mutating func finish(_ result: BookingResult) -> Action {
        state = .finished
        return .finish(result)
    }

    // MARK: Failures

    private mutating func failed(_ error: ServiceFailure, next: Action, elapsed: Duration, random: Double, budget: Budget) -> Action {
        let failure = FailureClassifier.failure(from: error)
        switch FailureClassifier.handling(of: error) {
        case .reject:
            lastFailure = failure
            return finish(.rejected(failure))
        case let .retry(_, counted):
            return retry(failure, counted: counted, retryAfter: error.retryAfter, next: next, elapsed: elapsed, random: random, budget: budget)
        }
    }

    private mutating func retry(_ failure: BookingFailure, counted: Bool, retryAfter: Duration?, next: Action,
                                elapsed: Duration, random: Double, budget: Budget) -> Action {
        lastFailure = failure
        if budget == .suspended {
            // Not the record's fault and not on its budget: wait as usual, then try again (the shell holds the call
            // until BC is back).
            state = .waiting(next: next)
            return .wait(policy.delay(afterAttempt: max(countedFailures, 1), retryAfter: retryAfter, random: random))
        }
        if counted { countedFailures += 1 }
        switch policy.decision(afterAttempt: max(countedFailures, 1), failureClass: failure.failureClass,
                               retryAfter: retryAfter, elapsed: elapsed, random: random) {
        case let .retry(delay):
            state = .waiting(next: next)
            return .wait(delay)
        case let .giveUp(reason):
            var final = failure
            final.message = "\(failure.message) (\(reason))"
            if outcomeWasUnknown { final.failureClass = .outcomeUnknown }
            return finish(.failed(final))
        }
    }
}
