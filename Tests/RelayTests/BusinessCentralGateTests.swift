import Clocks
import Foundation
@testable import Relay
import RelayCore
import RelayTestKit
import Synchronization
import Telemetry
import Testing

/// The gate before every Business Central call of a booking: waiters held by an operator's pause or an open
/// breaker, released on resume, one trial at a time when half-open, and gone at once when their task is cancelled.
@Suite(.timeLimit(.minutes(1)))
struct BusinessCentralGateTests {
    private let metrics = RelayMetrics()
    /// Time moves when a test advances it: a probe is due when the test says so.
    private let clock = ManualClock()

    /// Jitter at its lowest: the first probe is due half a second after the breaker opens.
    private struct LowestRandom: RandomSource {
        func unit() -> Double { 0 }
    }

    private func gate(threshold: Int = 1) -> BusinessCentralGate {
        BusinessCentralGate(configuration: CircuitBreaker.Configuration(failureThreshold: threshold, probeBaseDelay: .seconds(1),
                                                                        probeMaxDelay: .seconds(60)),
                            metrics: metrics, clock: clock, random: LowestRandom(), logger: .disabled)
    }

    private func metric(_ name: String, _ labels: [String: String] = [:]) throws -> Double? {
        try PrometheusTextParser.parse(metrics.registry.render()).value(name, labels)
    }

    /// A call that enters, notes its admission, and answers `outcome` once `release` is set.
    private func heldCall(_ gate: BusinessCentralGate, admitted: Shared<[CircuitBreaker.Admission]>, release: Shared<Bool>,
                          outcome: CircuitBreaker.Outcome = .success) -> Task<Void, any Error> {
        Task {
            let admission = try await gate.enter()
            admitted.withLock { $0.append(admission) }
            while !release.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            gate.finish(admission, outcome: outcome)
        }
    }

    @Test func anOperatorPauseHoldsCallsUntilResumed() async throws {
        let gate = gate()
        let holdChanges = Shared(0)
        gate.onHoldsChanged { holdChanges.withLock { $0 += 1 } }
        #expect(gate.setOperatorPaused(true, by: "test"))
        #expect(!gate.setOperatorPaused(true, by: "test"), "already paused")
        #expect(gate.holds == [.operatorPause])
        #expect(try metric("relay_operator_paused") == 1)
        let admitted = Shared<[CircuitBreaker.Admission]>([]), release = Shared(true)
        let call = heldCall(gate, admitted: admitted, release: release)
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 1 })
        #expect(admitted.withLock { $0.isEmpty })
        gate.setOperatorPaused(false, by: "test")
        try await call.value
        #expect(admitted.withLock { $0.count } == 1)
        #expect(gate.snapshot == BusinessCentralGate.Snapshot(phase: .closed, operatorPaused: false, callsInProgress: 0, waiting: 0))
        #expect(holdChanges.withLock { $0 } == 2)
        #expect(try metric("relay_operator_paused") == 0)
    }

    /// A booking that may have sent a create (it holds an `attempting` entry) runs to its answer through a pause; an
    /// open breaker holds it all the same.
    @Test func anOperatorPauseLetsBookingsThatHoldAnAttemptThrough() async throws {
        let gate = gate(threshold: 1)
        gate.setOperatorPaused(true, by: "test")
        let resolving = try await gate.enter(resolving: true)
        #expect(gate.snapshot.callsInProgress == 1)
        gate.finish(resolving, outcome: .failure(.transient))
        #expect(gate.phase == .open)
        let held = Task { _ = try await gate.enter(resolving: true) }
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 1 })
        held.cancel()
        await #expect(throws: CancellationError.self) { try await held.value }
    }

    /// A revoke or a shutdown cancels the booking's task: it leaves the gate at once.
    @Test func aWaitingCallLeavesAtOnceWhenItsTaskIsCancelled() async throws {
        let gate = gate()
        gate.setOperatorPaused(true, by: "test")
        let call = Task { _ = try await gate.enter() }
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 1 })
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(gate.snapshot.waiting == 0)
        #expect(gate.snapshot.callsInProgress == 0)
    }

    /// A shutdown abandons the calls that wait (their records go to the next owner) instead of letting them sit out
    /// the graceful part of the shutdown; a call the gate admits goes on.
    @Test func aShutdownAbandonsOnlyTheCallsThatWait() async throws {
        let gate = gate()
        gate.setOperatorPaused(true, by: "test")
        let held = Task { _ = try await gate.enter() }
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 1 })
        gate.beginShutdown()
        await #expect(throws: CancellationError.self) { try await held.value }
        await #expect(throws: CancellationError.self) { _ = try await gate.enter() }
        let resolving = try await gate.enter(resolving: true)
        gate.finish(resolving, outcome: .success)
    }

    @Test func anOpenBreakerHoldsCallsAndHalfOpenLetsOneTrialThrough() async throws {
        let gate = gate(threshold: 1)
        let holdChanges = Shared(0)
        gate.onHoldsChanged { holdChanges.withLock { $0 += 1 } }
        let first = try await gate.enter()
        #expect(gate.finish(first, outcome: .failure(.transient)) == false, "the failure that opens it is not on the budget")
        #expect(gate.phase == .open)
        #expect(gate.holds == [.circuitOpen])
        #expect(try metric("relay_bc_circuit_state") == 1)
        #expect(try metric("relay_bc_circuit_transitions_total", ["to": "open"]) == 1)

        let admitted = Shared<[CircuitBreaker.Admission]>([]), release = Shared(false)
        let calls = [heldCall(gate, admitted: admitted, release: release), heldCall(gate, admitted: admitted, release: release)]
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 2 })
        #expect(!gate.startProbe(), "not due yet")
        clock.advance(.milliseconds(500))
        #expect(gate.startProbe(), "due half a second after the breaker opened")
        gate.probeFinished(.success)
        #expect(gate.phase == .halfOpen)
        #expect(gate.holds.isEmpty, "half-open: the partitions resume")
        #expect(try metric("relay_bc_circuit_state") == 2)
        #expect(await waitUntil(timeout: .seconds(5)) { admitted.withLock { $0.count } == 1 })
        #expect(admitted.withLock { $0.first?.isTrial } == true)
        #expect(await waitUntil(timeout: .seconds(5)) { gate.snapshot.waiting == 1 }, "the other waits for the trial")
        release.withLock { $0 = true }
        for call in calls { try await call.value }
        #expect(admitted.withLock { $0.count } == 2)
        #expect(gate.phase == .closed)
        #expect(try metric("relay_bc_circuit_state") == 0)
        #expect(holdChanges.withLock { $0 } == 2, "open paused every partition, half-open resumed them")
    }

    @Test func aFailedProbeKeepsTheCircuitOpen() async throws {
        let gate = gate(threshold: 1)
        gate.finish(try await gate.enter(), outcome: .failure(.authentication))
        clock.advance(.milliseconds(500))
        #expect(gate.startProbe())
        gate.probeFinished(.failure(.authentication))
        #expect(gate.phase == .open)
        #expect(try metric("relay_bc_circuit_transitions_total", ["to": "half_open"]) == 0)
        clock.advance(.milliseconds(999))
        #expect(!gate.startProbe(), "the second probe waits a second (half its 2 s window)")
        clock.advance(.milliseconds(1))
        #expect(gate.startProbe())
    }
}
