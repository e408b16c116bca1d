import Clocks
import Foundation
import Synchronization

/// Liveness and readiness facts, updated by the loops and read by `/healthz` and `/readyz`.
final class HealthState: Sendable {
    private struct Facts {
        var lastPoll: Duration
        var lastProcessing: Duration
        var tokenOK = false
        var tokenError: String?
        var pollLoopRunning = false
    }

    private let facts: Mutex<Facts>
    private let clock: any ServiceClock
    let livenessTimeout: Duration

    init(livenessTimeout: Duration, clock: any ServiceClock = SystemClock()) {
        self.livenessTimeout = livenessTimeout
        self.clock = clock
        let start = clock.uptime()
        facts = Mutex(Facts(lastPoll: start, lastProcessing: start))
    }

    func pollTicked() {
        let now = clock.uptime()
        facts.withLock { $0.lastPoll = now }
    }

    func processingTicked() {
        let now = clock.uptime()
        facts.withLock { $0.lastProcessing = now }
    }
    func setPollLoopRunning(_ running: Bool) { facts.withLock { $0.pollLoopRunning = running } }
    func setToken(ok: Bool, error: String?) { facts.withLock { $0.tokenOK = ok; $0.tokenError = error } }

    /// Liveness: the poll loop iterated recently, and the processing loop progressed recently whenever work is pending.
    func liveness(inFlight: Int) -> (ok: Bool, detail: String) {
        let now = clock.uptime()
        return facts.withLock { facts in
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
