import Foundation
import Synchronization

/// Liveness and readiness facts, updated by the loops and read by `/healthz` and `/readyz`.
final class HealthState: Sendable {
    private struct Facts {
        var lastPoll = ContinuousClock.now
        var lastProcessing = ContinuousClock.now
        var tokenOK = false
        var tokenError: String?
        var pollLoopRunning = false
    }

    private let facts = Mutex(Facts())
    let livenessTimeout: Duration

    init(livenessTimeout: Duration) { self.livenessTimeout = livenessTimeout }

    func pollTicked() { facts.withLock { $0.lastPoll = .now } }
    func processingTicked() { facts.withLock { $0.lastProcessing = .now } }
    func setPollLoopRunning(_ running: Bool) { facts.withLock { $0.pollLoopRunning = running } }
    func setToken(ok: Bool, error: String?) { facts.withLock { $0.tokenOK = ok; $0.tokenError = error } }

    /// Liveness: the poll loop iterated recently, and the processing loop progressed recently whenever work is pending.
    func liveness(inFlight: Int) -> (ok: Bool, detail: String) {
        facts.withLock { facts in
            let now = ContinuousClock.now
            let pollAge = now - facts.lastPoll
            let processingAge = now - facts.lastProcessing
            if !facts.pollLoopRunning { return (false, "poll loop not running") }
            if pollAge > livenessTimeout { return (false, "poll loop stalled for \(pollAge)") }
            if inFlight > 0, processingAge > livenessTimeout { return (false, "processing stalled for \(processingAge) with \(inFlight) records in flight") }
            return (true, "ok")
        }
    }

    /// The BC token check's last result.
    var token: (ok: Bool, error: String?) { facts.withLock { ($0.tokenOK, $0.tokenError) } }
}
