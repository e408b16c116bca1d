import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// The bench's "rate-bound" scenario (see `BenchCommand.spec`).
extension BenchRunner {
    func rateRun() throws {
        let n = options.rateEvents
        let limits = SimLimits(rateLimit: .init(requests: options.rateLimit, window: options.rateWindow), retryAfterOn429: true)
        let world = try BenchWorld(partitions: options.partitions, limits: limits)
        try world.publish(0..<n)
        let watcher = try OutcomeWatcher(world: world)
        defer { watcher.stop() }
        let relay = try startRelay(world, name: "relay-rate", group: nextGroup(), rateBudget: (options.rateLimit, options.rateWindow))
        let quota = Double(options.rateLimit) / options.rateWindow.seconds
        try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: quota), children: [relay])
        let outcomes = watcher.outcomes
        let times = outcomes.map(\.processedAt)
        let elapsed = (times.max() ?? 0) - (times.min() ?? 0)
        let stats = world.simulator.stats
        // Requests counted against the limit: API requests BC admitted (token requests and 429s are not counted).
        let admitted = stats.requests - stats.tokensIssued - stats.rateLimited
        let ideal = BenchMath.minimumTime(requests: admitted, limit: options.rateLimit, window: options.rateWindow.seconds)
        report.record("rate.rate", Double(n) / elapsed)
        report.record("rate.idealRate", ideal > 0 ? Double(n) / ideal : nil)
        report.record("rate.efficiency", ideal > 0 ? ideal / elapsed : nil)
        report.record("rate.throttled", Double(stats.tooManyRequests))
        report.record("rate.failed", Double(outcomes.filter { $0.status == "failed" }.count))
        report.record("rate.requests", Double(admitted))
        progress(String(format: "rate-bound: %d events in %.1f s (ideal %.1f s for %d requests), %d 429s", n, elapsed, ideal, admitted, stats.tooManyRequests))
        finish([relay])
    }
}
