import BusinessCentral
import Foundation
import Testing
@testable import RelayCore

@Suite struct BookingProcessTests {
    private let id = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!
    private let policy = RetryPolicy(maxAttempts: 3, maxElapsed: .seconds(60), baseDelay: .seconds(1), maxDelay: .seconds(10))

    /// Runs the machine over scripted events and returns the actions it asked for.
    private func run(_ events: [BookingProcess.Event]) -> (actions: [BookingProcess.Action], process: BookingProcess) {
        var process = BookingProcess(policy: policy)
        let actions = events.map { process.handle($0, elapsed: .seconds(1), random: 0.5) }
        return (actions, process)
    }

    private static let timeout = BusinessCentralError(kind: .outcomeUnknown, code: "Timeout", message: "timed out")
    private static let unavailable = BusinessCentralError(kind: .transient, message: "503", httpStatus: 503)

    @Test func happyPathIsOneCreate() {
        let (actions, process) = run([.started(ledger: nil), .attemptingRecorded, .created(paymentId: id), .doneRecorded])
        #expect(actions == [.recordAttempting, .create, .recordDone(paymentId: id), .finish(.booked(paymentId: id, status: .created))])
        #expect(process.attempts == 1)
    }

    @Test func ledgerDoneIsADuplicateWithoutCallingBC() {
        let (actions, process) = run([.started(ledger: .done(paymentId: id))])
        #expect(actions == [.finish(.booked(paymentId: id, status: .duplicate))])
        #expect(process.attempts == 0)
    }

    @Test func ledgerAttemptingLooksUpFirstAndFindsTheLine() {
        let (actions, _) = run([.started(ledger: .attempting), .lookedUp(paymentId: id), .doneRecorded])
        #expect(actions == [.lookUp, .recordDone(paymentId: id), .finish(.booked(paymentId: id, status: .duplicate))])
    }

    @Test func ledgerAttemptingWithNoLineCreates() {
        let (actions, _) = run([.started(ledger: .attempting), .lookedUp(paymentId: nil), .created(paymentId: id), .doneRecorded])
        #expect(actions == [.lookUp, .create, .recordDone(paymentId: id), .finish(.booked(paymentId: id, status: .created))])
    }

    @Test func unknownOutcomeLooksUpBeforeCreatingAgain() {
        let (actions, process) = run([.started(ledger: nil), .attemptingRecorded, .createFailed(Self.timeout), .waited, .lookedUp(paymentId: id), .doneRecorded])
        #expect(actions == [.recordAttempting, .create, .wait(.milliseconds(500)), .lookUp, .recordDone(paymentId: id),
                            .finish(.booked(paymentId: id, status: .created))])
        #expect(process.attempts == 2)
    }

    @Test func transientFailureRetriesTheCreateWithoutLookUp() {
        let (actions, _) = run([.started(ledger: nil), .attemptingRecorded, .createFailed(Self.unavailable), .waited, .created(paymentId: id), .doneRecorded])
        #expect(actions[3] == .create)
    }

    @Test func permanentFailureRejectsAtOnce() {
        let error = BusinessCentralError(kind: .permanent, code: "Application_StringExceededLength", message: "too long", httpStatus: 400)
        let (actions, _) = run([.started(ledger: nil), .attemptingRecorded, .createFailed(error)])
        #expect(actions.last == .finish(.rejected(BookingFailure(failureClass: .permanent, code: "Application_StringExceededLength", message: "too long", httpStatus: 400))))
    }

    @Test func exhaustedRetriesFailWithTheLastError() {
        let (actions, process) = run([.started(ledger: nil), .attemptingRecorded, .createFailed(Self.unavailable), .waited,
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

    @Test func throttlesHonourRetryAfterAndDoNotCount() {
        let throttled = BusinessCentralError(kind: .throttled, message: "429", httpStatus: 429, retryAfter: .seconds(2))
        var events: [BookingProcess.Event] = [.started(ledger: nil), .attemptingRecorded]
        for _ in 0..<5 { events += [.createFailed(throttled), .waited] }
        events += [.created(paymentId: id), .doneRecorded]
        let (actions, _) = run(events)
        #expect(actions.filter { $0 == .wait(.milliseconds(2500)) }.count == 5)
        #expect(actions.last == .finish(.booked(paymentId: id, status: .created)))
    }

    @Test func lookUpFailureRetriesTheLookUp() {
        let (actions, _) = run([.started(ledger: .attempting), .lookUpFailed(Self.unavailable), .waited, .lookedUp(paymentId: nil)])
        #expect(actions == [.lookUp, .wait(.milliseconds(500)), .lookUp, .create])
    }

    @Test func ledgerWriteFailureRetriesTheWrite() {
        let (actions, _) = run([.started(ledger: nil), .ledgerWriteFailed(message: "broker down"), .waited, .attemptingRecorded])
        #expect(actions == [.recordAttempting, .wait(.milliseconds(500)), .recordAttempting, .create])
    }

    @Test func doneWriteFailuresStillFinishBooked() {
        let (actions, _) = run([.started(ledger: nil), .attemptingRecorded, .created(paymentId: id),
                                .ledgerWriteFailed(message: "x"), .waited, .ledgerWriteFailed(message: "x"), .waited, .ledgerWriteFailed(message: "x")])
        #expect(actions.last == .finish(.booked(paymentId: id, status: .created)))
        #expect(actions.filter { $0 == .recordDone(paymentId: id) }.count == 3)
    }
}
