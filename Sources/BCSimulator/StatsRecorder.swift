import Synchronization

/// Thread-safe accumulation of ``SimulatorStats``.
final class StatsRecorder: Sendable {
    private struct State {
        var stats = SimulatorStats()
        var executing = 0
        var executingByClient: [String: Int] = [:]
    }

    private let state = Mutex(State())

    var snapshot: SimulatorStats { state.withLock { $0.stats } }

    func update(_ change: (inout SimulatorStats) -> Void) {
        state.withLock { change(&$0.stats) }
    }

    func response(_ status: Int) {
        state.withLock {
            $0.stats.requests += 1
            $0.stats.responsesByStatus[status, default: 0] += 1
            if status == 429 { $0.stats.tooManyRequests += 1 }
        }
    }

    func dropped() {
        state.withLock {
            $0.stats.requests += 1
            $0.stats.connectionsDropped += 1
        }
    }

    func beginExecuting(_ client: String) {
        state.withLock {
            $0.executing += 1
            $0.executingByClient[client, default: 0] += 1
            $0.stats.maxConcurrent = max($0.stats.maxConcurrent, $0.executing)
            $0.stats.maxConcurrentByClient[client] = max($0.stats.maxConcurrentByClient[client] ?? 0,
                                                         $0.executingByClient[client]!)
        }
    }

    func endExecuting(_ client: String) {
        state.withLock {
            $0.executing -= 1
            $0.executingByClient[client, default: 1] -= 1
        }
    }
}
