import BusinessCentral
import Foundation

/// The booking of one event as a pure state machine: the shell feeds it what happened and executes the action it
/// returns, until `.finish`.
///
/// The protocol that gives exactly-once booking on top of at-least-once delivery:
/// 1. ledger `done` for the token → `duplicate`, no BC call;
/// 2. ledger `attempting` (an earlier attempt may have created the line) → look the token up in BC first;
/// 3. otherwise record `attempting` durably, then create;
/// 4. after a create whose outcome is unknown (timeout, connection loss, 5xx) or a line-number conflict, look up before
///    creating again;
/// 5. record `done(id)` durably before finishing, so a later event with the same key is a `duplicate`.
public struct BookingProcess: Sendable {
    /// What the shell must do next.
    public enum Action: Sendable, Equatable {
        /// `findCustomerPayments(externalDocumentNumber: token)` with `Data-Access-Intent: ReadWrite`.
        case lookUp
        /// Write ledger `attempting` for the token and wait for its delivery.
        case recordAttempting
        /// `createCustomerPayment`.
        case create
        /// Write ledger `done(paymentId)` and wait for its delivery.
        case recordDone(paymentId: UUID)
        /// Sleep, then report `.waited`.
        case wait(Duration)
        /// Publish the outcome (and the dead letter unless booked).
        case finish(BookingResult)
    }

    /// What happened.
    public enum Event: Sendable, Equatable {
        /// The ledger's state for the token when the booking starts.
        case started(ledger: LedgerState?)
        case lookedUp(paymentId: UUID?)
        case lookUpFailed(BusinessCentralError)
        case attemptingRecorded
        case created(paymentId: UUID)
        case createFailed(BusinessCentralError)
        case doneRecorded
        /// A ledger write failed (Kafka); `message` says why.
        case ledgerWriteFailed(message: String)
        case waited
    }

    private enum Step: Sendable, Equatable {
        case idle, lookingUp, recordingAttempt, creating, recordingDone, waiting, finished
    }

    public let policy: RetryPolicy
    private var step = Step.idle
    private var needsLookUp = false
    private var createSent = false
    private var finalStatus = OutcomeStatus.created
    private var pendingPaymentId: UUID?
    private var countedFailures = 0
    private var doneWriteFailures = 0
    /// Business Central calls issued (creates and look-ups), reported as `attempts`.
    public private(set) var attempts = 0
    /// The last failure, reported when the booking gives up.
    public private(set) var lastFailure: BookingFailure?

    public init(policy: RetryPolicy) {
        self.policy = policy
    }

    /// Feeds `event`; `elapsed` is the time since the booking started and `random` a uniform value in `0..<1`.
    public mutating func handle(_ event: Event, elapsed: Duration, random: Double) -> Action {
        switch (step, event) {
        case let (.idle, .started(ledger)):
            switch ledger {
            case let .done(paymentId)?:
                return finish(.booked(paymentId: paymentId, status: .duplicate))
            case .attempting?:
                needsLookUp = true
                return lookUp()
            case nil:
                step = .recordingAttempt
                return .recordAttempting
            }
        case (.recordingAttempt, .attemptingRecorded):
            return create()
        case let (.lookingUp, .lookedUp(paymentId)):
            needsLookUp = false
            if let paymentId {
                finalStatus = createSent ? .created : .duplicate
                return recordDone(paymentId)
            }
            return create()
        case let (.lookingUp, .lookUpFailed(error)), let (.creating, .createFailed(error)):
            return failed(error, elapsed: elapsed, random: random)
        case let (.creating, .created(paymentId)):
            finalStatus = .created
            return recordDone(paymentId)
        case (.recordingDone, .doneRecorded):
            return finish(.booked(paymentId: pendingPaymentId!, status: finalStatus))
        case let (.recordingAttempt, .ledgerWriteFailed(message)):
            return infrastructureFailure(message, elapsed: elapsed, random: random)
        case let (.recordingDone, .ledgerWriteFailed(message)):
            // The line exists; without `done` the ledger still holds `attempting`, which makes any later event with
            // this key look BC up first. Retry the write a little, then finish booked rather than fail a real payment.
            doneWriteFailures += 1
            if doneWriteFailures >= 3 {
                return finish(.booked(paymentId: pendingPaymentId!, status: finalStatus))
            }
            lastFailure = BookingFailure(failureClass: .infrastructure, code: "LedgerWriteFailed", message: message)
            step = .waiting
            return .wait(policy.backoffWindow(attempt: doneWriteFailures) * random)
        case (.waiting, .waited):
            if pendingPaymentId != nil { return recordDone(pendingPaymentId!) }
            if lastFailure?.failureClass == .infrastructure, !createSent, !needsLookUp {
                step = .recordingAttempt
                return .recordAttempting
            }
            return needsLookUp ? lookUp() : create()
        default:
            preconditionFailure("BookingProcess: event \(event) is not expected in step \(step)")
        }
    }

    private mutating func lookUp() -> Action {
        step = .lookingUp
        attempts += 1
        return .lookUp
    }

    private mutating func create() -> Action {
        step = .creating
        attempts += 1
        createSent = true
        return .create
    }

    private mutating func recordDone(_ paymentId: UUID) -> Action {
        pendingPaymentId = paymentId
        step = .recordingDone
        return .recordDone(paymentId: paymentId)
    }

    private mutating func finish(_ result: BookingResult) -> Action {
        step = .finished
        return .finish(result)
    }

    private mutating func failed(_ error: BusinessCentralError, elapsed: Duration, random: Double) -> Action {
        let failure = FailureClassifier.failure(from: error)
        lastFailure = failure
        switch FailureClassifier.handling(of: error) {
        case .reject:
            return finish(.rejected(failure))
        case let .retry(lookUpFirst, counted):
            if lookUpFirst { needsLookUp = true }
            if counted { countedFailures += 1 }
            return retry(failure, retryAfter: error.retryAfter, elapsed: elapsed, random: random)
        }
    }

    private mutating func infrastructureFailure(_ message: String, elapsed: Duration, random: Double) -> Action {
        let failure = BookingFailure(failureClass: .infrastructure, code: "LedgerWriteFailed", message: message)
        lastFailure = failure
        countedFailures += 1
        return retry(failure, retryAfter: nil, elapsed: elapsed, random: random)
    }

    private mutating func retry(_ failure: BookingFailure, retryAfter: Duration?, elapsed: Duration, random: Double) -> Action {
        switch policy.decision(afterAttempt: max(countedFailures, 1), failureClass: failure.failureClass,
                               retryAfter: retryAfter, elapsed: elapsed, random: random) {
        case let .retry(delay):
            step = .waiting
            return .wait(delay)
        case let .giveUp(reason):
            var final = failure
            final.message = "\(failure.message) (\(reason))"
            return finish(.failed(final))
        }
    }
}
