import Dispatch
import Synchronization

/// The transport's per-request deadlines, served by ONE repeating timer that runs only while requests are in flight.
///
/// Why: a `DispatchQueue.asyncAfter` per request stays scheduled (holding its exchange) until the deadline passes
/// even when the response came long before, so at a few hundred requests per second with a 30 s timeout thousands
/// of timers and exchanges were alive at any time; and each one was a timer to create. Here a request adds an entry
/// and removes it when it finishes; the timer checks the few entries in flight every ``resolution``.
final class DeadlineSweeper: Sendable {
    /// How late after its deadline a request may be failed.
    static let resolution: Duration = .milliseconds(20)

    /// The timer source (`DispatchSourceTimer` is thread-safe but not `Sendable`); touched only under `state`'s lock.
    private struct Timer: @unchecked Sendable {
        let source: any DispatchSourceTimer
    }

    private struct State {
        var entries: [UInt64: (deadline: ContinuousClock.Instant, expire: @Sendable () -> Void)] = [:]
        var nextKey: UInt64 = 0
        var timer: Timer?
    }

    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "payment-relay.bc-request-deadlines")

    /// Calls `expire` once `deadline` has passed, unless ``remove(_:)`` came first. Returns the key for `remove`.
    func add(deadline: ContinuousClock.Instant, expire: @escaping @Sendable () -> Void) -> UInt64 {
        state.withLock { state in
            state.nextKey &+= 1
            state.entries[state.nextKey] = (deadline, expire)
            if state.timer == nil { state.timer = startTimer() }
            return state.nextKey
        }
    }

    /// Forgets the entry `key` (its request finished).
    func remove(_ key: UInt64) {
        state.withLock { state in
            state.entries[key] = nil
            if state.entries.isEmpty, let timer = state.timer {
                timer.source.cancel()
                state.timer = nil
            }
        }
    }

    /// Entries not yet removed or expired, and whether the timer runs (tests).
    var pending: (entries: Int, timerRunning: Bool) { state.withLock { ($0.entries.count, $0.timer != nil) } }

    private func startTimer() -> Timer {
        let source = DispatchSource.makeTimerSource(queue: queue)
        let interval = DispatchTimeInterval.milliseconds(Int(Self.resolution / .milliseconds(1)))
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(5))
        source.setEventHandler { [weak self] in self?.sweep() }
        source.resume()
        return Timer(source: source)
    }

    private func sweep() {
        let now = ContinuousClock.now
        let expired: [@Sendable () -> Void] = state.withLock { state in
            let due = state.entries.filter { $0.value.deadline <= now }
            for key in due.keys { state.entries[key] = nil }
            if state.entries.isEmpty, let timer = state.timer {
                timer.source.cancel()
                state.timer = nil
            }
            return due.values.map(\.expire)
        }
        for expire in expired { expire() }
    }
}
