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
        report.record("latency.maxConcurrent", Double(world.simulator.stats.maxConcurrent))
        progress(String(format: "latency-bound: steady %.1f/s of %.0f/s", rate ?? 0, options.latencyBound))
        finish([relay])
    }
}
