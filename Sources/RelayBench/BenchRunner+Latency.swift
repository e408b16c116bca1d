import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// The bench's "latency-bound" scenario (see `BenchCommand.spec`).
extension BenchRunner {
    func latencyRun() throws {
        let n = options.latencyEvents
        let world = try BenchWorld(partitions: options.partitions, latency: options.latency)
        try world.publish(0..<n)
        let watcher = try OutcomeWatcher(world: world)
        defer { watcher.stop() }
        let relay = try startRelay(world, name: "relay-latency", group: nextGroup())
        try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: options.latencyBound), children: [relay])
        let sample = relay.sample()
        let rate = BenchMath.steadyRate(watcher.outcomes.map(\.processedAt))
        report.record("latency.rate", rate)
        report.record("latency.ratio", rate.map { $0 / options.latencyBound })
        report.record("latency.cpu", sample.map { $0.cpuSeconds / Double(n) * 1000 })
        let stats = world.simulator.stats
        report.record("latency.maxConcurrent", Double(stats.maxConcurrent))
        // Every BC request takes a slot for the latency: more than one per event lowers the bound it can reach.
        report.record("latency.requestsPerEvent", Double(stats.requests - stats.tokensIssued) / Double(n))
        progress(String(format: "latency-bound: steady %.1f/s of %.0f/s, %d BC requests (%d created, statuses %@)", rate ?? 0, options.latencyBound,
                        stats.requests, stats.linesCreated, stats.responsesByStatus.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")))
        finish([relay])
    }
}
