import Clocks
import Foundation
import RelayCore
import Synchronization
import Telemetry

/// The gate every Business Central call of a booking passes: closed while the ``CircuitBreaker`` is open (half-open:
/// one trial call at a time), and, for bookings that hold no `attempting` entry yet, while an operator has paused
/// booking (a booking that may have sent a create runs to its answer, so the journal can be posted once the
/// ledger's unresolved attempts are 0). It keeps the breaker, feeds it the calls' answers and
/// the probes' results, and reports transitions (log line, metrics) and hold changes (to the engine, which pauses
/// and resumes every partition).
///
/// Waiting is cancellable: a booking's task cancelled by a revoke or a shutdown leaves the gate at once.
final class BusinessCentralGate: Sendable {
    /// Why calls and partitions are held, as the admin endpoint shows it.
    struct Snapshot: Sendable, Equatable {
        var phase: CircuitBreaker.Phase
        var operatorPaused: Bool
        /// Calls let through and not yet answered.
        var callsInProgress: Int
        /// Booking calls waiting at the gate.
        var waiting: Int
    }

    private struct State {
        var breaker: CircuitBreaker
        var operatorPaused = false
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var callsInProgress = 0
        /// Set by ``beginShutdown()``: a call that would wait is abandoned instead.
        var shuttingDown = false
    }

    private let state: Mutex<State>
    private let clock: any ServiceClock
    private let random: any RandomSource
    private let metrics: RelayMetrics
    private let logger: Logger
    /// Called (outside the gate's lock) whenever the holds may have changed; set once by the service.
    private let holdsChanged = Mutex<(@Sendable () -> Void)?>(nil)

    init(configuration: CircuitBreaker.Configuration, metrics: RelayMetrics, clock: any ServiceClock, random: any RandomSource, logger: Logger) {
        state = Mutex(State(breaker: CircuitBreaker(configuration: configuration)))
        self.clock = clock
        self.random = random
        self.metrics = metrics
        self.logger = logger
        metrics.circuitState.set(0)
        metrics.operatorPaused.set(0)
    }

    /// Sets what runs when the holds change (the engine re-reads ``holds``).
    func onHoldsChanged(_ action: @escaping @Sendable () -> Void) { holdsChanged.withLock { $0 = action } }

    private var now: Duration { clock.uptime() }

    // MARK: Calls

    /// Waits until a call may go to Business Central; throws `CancellationError` when the task is cancelled, or when
    /// the relay is shutting down and the call would have to wait (its record goes to the next owner).
    ///
    /// - Parameter resolving: the booking holds an `attempting` entry (``BookingProcess/holdsAttempt``): an
    ///   operator's pause does not hold it.
    func enter(resolving: Bool = false) async throws -> CircuitBreaker.Admission {
        while true {
            try Task.checkCancellation()
            if let admission = tryEnter(resolving: resolving) { return admission }
            if state.withLock({ $0.shuttingDown }) { throw CancellationError() }
            let id = state.withLock { state in
                state.nextWaiter += 1
                return state.nextWaiter
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    // Registered under the lock only if the gate is still shut and the task not cancelled: a change or a
                    // cancellation after this point finds the waiter and resumes it.
                    let resumeNow = state.withLock { state -> Bool in
                        if Task.isCancelled || state.shuttingDown || Self.admits(state, resolving: resolving) { return true }
                        state.waiters[id] = continuation
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
            }
        }
    }

    /// Whether a call could pass now (a half-open trial slot counts).
    private static func admits(_ state: State, resolving: Bool) -> Bool {
        guard resolving || !state.operatorPaused else { return false }
        switch state.breaker.state {
        case .closed, .halfOpen(_, trialInFlight: false): return true
        case .open, .halfOpen: return false
        }
    }

    private func tryEnter(resolving: Bool) -> CircuitBreaker.Admission? {
        state.withLock { state in
            guard resolving || !state.operatorPaused, let admission = state.breaker.admit() else { return nil }
            state.callsInProgress += 1
            return admission
        }
    }

    /// The answer of an admitted call (`nil`: no answer about BC — abandoned, or served from a cache). Returns whether
    /// a failure counts against its record's retry budget.
    @discardableResult
    func finish(_ admission: CircuitBreaker.Admission, outcome: CircuitBreaker.Outcome?) -> Bool {
        let random = random.unit()
        let (verdict, wake) = state.withLock { state -> (CircuitBreaker.Verdict?, [CheckedContinuation<Void, Never>]) in
            state.callsInProgress -= 1
            guard let outcome else {
                state.breaker.release(admission)
                // A freed trial slot goes to the next waiter.
                return (nil, admission.isTrial ? Self.takeWaiters(&state) : [])
            }
            let verdict = state.breaker.record(outcome, for: admission, at: now, random: random)
            guard verdict.transition != nil else { return (verdict, []) }
            setPhaseGauge(state)
            return (verdict, Self.takeWaiters(&state))
        }
        wake.forEach { $0.resume() }
        if let transition = verdict?.transition { report(transition, cause: outcome) }
        return verdict?.countsAgainstBudget ?? true
    }

    private static func takeWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        defer { state.waiters.removeAll() }
        return Array(state.waiters.values)
    }

    // MARK: Probes

    /// Whether a probe is due now (it is then marked running: report it with ``probeFinished(_:)``).
    func startProbe() -> Bool {
        state.withLock { $0.breaker.startProbe(at: now) }
    }

    /// A probe's result.
    func probeFinished(_ outcome: CircuitBreaker.Outcome) {
        let random = random.unit()
        let (transition, nextProbeIn, wake) = state.withLock { state -> (CircuitBreaker.Transition?, Duration?, [CheckedContinuation<Void, Never>]) in
            let transition = state.breaker.probeFinished(outcome, at: now, random: random)
            setPhaseGauge(state)
            var next: Duration?
            if case let .open(_, nextProbeAt, _) = state.breaker.state { next = nextProbeAt - now }
            return (transition, next, transition != nil ? Self.takeWaiters(&state) : [])
        }
        wake.forEach { $0.resume() }
        if let transition {
            report(transition, cause: nil)
        } else if case let .failure(failureClass, _) = outcome {
            logger.info("Business Central probe failed; circuit stays open",
                        ["error.class": failureClass.rawValue, "bc.circuit.next_probe_in": nextProbeIn.map { "\($0)" } ?? ""])
        }
    }

    /// Closes the breaker when it has stayed half-open with no call to try (see ``CircuitBreaker/closeIfIdle(at:)``).
    func closeIfIdle() {
        let transition = state.withLock { state -> CircuitBreaker.Transition? in
            guard state.waiters.isEmpty, let transition = state.breaker.closeIfIdle(at: now) else { return nil }
            setPhaseGauge(state)
            return transition
        }
        if let transition { report(transition, cause: nil) }
    }

    // MARK: Operator

    /// Pauses or resumes booking on an operator's request; returns whether it changed anything.
    @discardableResult
    func setOperatorPaused(_ paused: Bool, by peer: String) -> Bool {
        let (changed, wake) = state.withLock { state -> (Bool, [CheckedContinuation<Void, Never>]) in
            guard state.operatorPaused != paused else { return (false, []) }
            state.operatorPaused = paused
            metrics.operatorPaused.set(paused ? 1 : 0)
            return (true, paused ? [] : Self.takeWaiters(&state))
        }
        wake.forEach { $0.resume() }
        guard changed else { return false }
        logger.notice(paused ? "booking paused by an operator" : "booking resumed by an operator", ["http.peer": peer])
        holdsChanged.withLock { $0 }?()
        return true
    }

    /// The relay is stopping: calls waiting at the gate (an outage, an operator's pause) are abandoned at once rather
    /// than at the end of the graceful part of the shutdown; calls the gate admits go on as usual.
    func beginShutdown() {
        let wake = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.shuttingDown = true
            return Self.takeWaiters(&state)
        }
        wake.forEach { $0.resume() }
    }

    // MARK: Queries

    /// What holds every partition now.
    var holds: Set<RelayEngineState<RecordContext>.Hold> {
        state.withLock { state in
            var holds: Set<RelayEngineState<RecordContext>.Hold> = []
            if state.breaker.state.phase == .open { holds.insert(.circuitOpen) }
            if state.operatorPaused { holds.insert(.operatorPause) }
            return holds
        }
    }

    /// Whether booking calls are held (circuit not closed, or an operator pause): waiting is then progress for `/healthz`.
    var isHolding: Bool {
        state.withLock { $0.operatorPaused || $0.breaker.state.phase != .closed }
    }

    var phase: CircuitBreaker.Phase { state.withLock { $0.breaker.state.phase } }

    var snapshot: Snapshot {
        state.withLock { Snapshot(phase: $0.breaker.state.phase, operatorPaused: $0.operatorPaused,
                                  callsInProgress: $0.callsInProgress, waiting: $0.waiters.count) }
    }

    // MARK: Reporting

    /// Sets `relay_bc_circuit_state` under the gate's lock, so racing transitions cannot leave an older phase.
    private func setPhaseGauge(_ state: State) {
        metrics.circuitState.set(Double(state.breaker.state.phase.gaugeValue))
    }

    private func report(_ transition: CircuitBreaker.Transition, cause: CircuitBreaker.Outcome?) {
        metrics.circuitTransitions.increment(labels: [transition.to.rawValue])
        var meta = ["bc.circuit.from": transition.from.rawValue, "bc.circuit.to": transition.to.rawValue, "bc.circuit.reason": transition.reason]
        if case let .failure(failureClass, _)? = cause { meta["error.class"] = failureClass.rawValue }
        if let next = transition.nextProbeIn { meta["bc.circuit.next_probe_in"] = "\(next)" }
        switch transition.to {
        case .open:
            logger.warning("Business Central unavailable: circuit open, booking paused", meta)
        case .halfOpen:
            logger.notice("Business Central answered a probe: circuit half-open, one trial call", meta)
        case .closed:
            logger.notice("Business Central available: circuit closed, booking resumed", meta)
        }
        // Open pauses every partition; half-open resumes them (the gate admits the trial call).
        if transition.to == .open || transition.from == .open { holdsChanged.withLock { $0 }?() }
    }
}
