import Clocks
import Foundation
import Synchronization

/// A ``ServiceClock`` for tests: time moves only when the test advances it or when the code under test sleeps (a
/// sleep returns at once, having moved time forward and been recorded).
public final class ManualClock: ServiceClock {
    private struct State {
        var elapsed: Duration = .zero
        var sleeps: [Duration] = []
    }

    private let state = Mutex(State())
    private let start: Date
    private let sleepsThrow: Bool

    /// - Parameters:
    ///   - start: the wall-clock time at ``uptime()`` zero.
    ///   - sleepsThrow: every sleep throws `CancellationError` instead (a task cancelled while it waits).
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000), sleepsThrow: Bool = false) {
        self.start = start
        self.sleepsThrow = sleepsThrow
    }

    public func now() -> Date {
        let elapsed = uptime()
        return start.addingTimeInterval(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    public func uptime() -> Duration { state.withLock { $0.elapsed } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        if sleepsThrow { throw CancellationError() }
        state.withLock {
            $0.sleeps.append(duration)
            $0.elapsed += duration
        }
    }

    /// The sleeps asked for, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }
    /// Their sum.
    public var slept: Duration { sleeps.reduce(.zero, +) }

    /// Moves time forward without a sleep.
    public func advance(_ duration: Duration) {
        state.withLock { $0.elapsed += duration }
    }

    /// Moves time forward by `seconds`.
    public func advance(seconds: Double) {
        advance(.milliseconds(Int64((seconds * 1000).rounded())))
    }
}
