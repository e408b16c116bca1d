import Synchronization

/// A monotonic clock for ``RequestLimiter`` whose `sleep` records the request and jumps time forward at once.
final class ManualMonotonicClock: Sendable {
    private let state = Mutex<(now: Duration, sleeps: [Duration])>((.zero, []))

    var now: Duration { state.withLock { $0.now } }
    var sleeps: [Duration] { state.withLock { $0.sleeps } }
    var nowFunction: @Sendable () -> Duration { { self.now } }
    var sleepFunction: @Sendable (Duration) async throws -> Void {
        { duration in
            try Task.checkCancellation()
            self.state.withLock { $0.sleeps.append(duration); $0.now += duration }
        }
    }

    func advance(_ duration: Duration) {
        state.withLock { $0.now += duration }
    }
}
