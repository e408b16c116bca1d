import Clocks
import RelayCore

/// Every Business Central call of a booking passes the gate (``BusinessCentralGate``): held while the circuit is open
/// or an operator paused booking, and its answer fed to the circuit breaker.
extension RecordProcessor {
    /// Waits at the gate, runs `call`, and reports its answer to the breaker.
    ///
    /// - Parameters:
    ///   - resolving: the booking holds an `attempting` entry (an operator's pause lets it finish).
    ///   - held: increased by the time waited at the gate (left out of the record's elapsed budget).
    ///   - call: the call; returns what happened and whether Business Central was asked (a cached currency was not).
    /// - Returns: what happened, and whether a failure counts against the record's retry budget (not when it
    ///   happened while the breaker was not closed, or opened it).
    /// - Throws: ``RecordProcessor/Abandoned`` when the booking is stopped (revoke, shutdown) while it waits.
    func throughGate(stop: StopFlag, resolving: Bool, held: inout Duration,
                     _ call: () async throws -> (BookingProcess.Event, askedBusinessCentral: Bool)) async throws
        -> (BookingProcess.Event, BookingProcess.Budget)
    {
        try checkStop(stop)
        let waitStarted = clock.uptime()
        let admission: CircuitBreaker.Admission
        do { admission = try await gate.enter(resolving: resolving) } catch { throw Abandoned() }
        held += clock.uptime() - waitStarted
        let happened: BookingProcess.Event
        let asked: Bool
        do {
            try checkStop(stop)
            (happened, asked) = try await call()
        } catch {
            gate.finish(admission, outcome: nil)
            throw error
        }
        let counts = gate.finish(admission, outcome: asked ? Self.breakerOutcome(of: happened) : nil)
        return (happened, counts ? .counted : .suspended)
    }

    /// What a call's event tells the breaker: a failure with its class, or an answer.
    static func breakerOutcome(of event: BookingProcess.Event) -> CircuitBreaker.Outcome {
        switch event {
        case let .lookUpFailed(error), let .createFailed(error), let .slotReadFailed(error), let .postedLookUpFailed(error),
             let .currencyResolveFailed(error):
            .failure(FailureClassifier.failureClass(of: error), retryAfter: error.retryAfter)
        default:
            .success
        }
    }
}
