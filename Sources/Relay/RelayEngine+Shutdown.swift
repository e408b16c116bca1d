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
            state.isShuttingDown = true
            return state.partitions.values.flatMap { $0.tasks.values }
        }
    }

    /// Stops every in-flight booking at its next step.
    func abandonAll() {
        let tasks: [Task<Void, Never>] = state.withLock { state in
            state.partitions.values.forEach { $0.stop.stop() }
            return state.partitions.values.flatMap { $0.tasks.values }
        }
        tasks.forEach { $0.cancel() }
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
            logger.warning("in-flight bookings still running at the deadline; they are abandoned and will be redelivered", ["relay.tasks": String(tasks.count)])
        }
    }
}
