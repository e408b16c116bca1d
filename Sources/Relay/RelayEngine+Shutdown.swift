import Foundation
import Kafka
import RelayCore
import Synchronization
import Telemetry

/// Graceful shutdown: stop taking records, wait for or abandon in-flight bookings.
extension RelayEngine {
    /// Stops taking records; returns the tasks still running.
    func beginShutdown() -> [Task<Void, Never>] {
        state.withLock { state in
            state.core.beginShutdown()
            return state.tasks.values.flatMap(\.values)
        }
    }

    /// Stops every in-flight booking and drops the requests not yet sent; returns the tasks still running (those with
    /// a create on the wire finish it).
    func abandonAll() -> [Task<Void, Never>] {
        let tasks = state.withLock { $0.tasks.values.flatMap(\.values) }
        run { $0.stopAll() }
        return tasks
    }

    /// Blocks the calling (non-cooperative) thread until `tasks` finish or `deadline` passes.
    func waitForTasks(_ tasks: [Task<Void, Never>], upTo deadline: Duration) {
        guard !tasks.isEmpty else { return }
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            for task in tasks { await task.value }
            done.signal()
        }
        let milliseconds = Int(deadline.components.seconds * 1000 + deadline.components.attoseconds / 1_000_000_000_000_000)
        if done.wait(timeout: .now() + .milliseconds(milliseconds)) == .timedOut {
            logger.warning("in-flight bookings still running at the deadline", ["relay.tasks": String(tasks.count)])
        }
    }
}
