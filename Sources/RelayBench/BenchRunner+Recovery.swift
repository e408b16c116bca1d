import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// The bench's "recovery" scenario (see `BenchCommand.spec`).
extension BenchRunner {
    func recoveryRun() throws {
        let n = options.recoveryEvents
        let world = try BenchWorld(partitions: options.partitions, latency: options.latency)
        let group = nextGroup()
        let children = try (0..<2).map { try startRelay(world, name: "recovery-w\($0)", group: group) }
        defer { finish(children) }
        let split = try waitForStableGroup(children, partitions: options.partitions)
        let watcher = try OutcomeWatcher(world: world)
        defer { watcher.stop() }
        try world.publish(0..<n)
        try waitForOutcomes(watcher, n / 4, timeout: .seconds(60), children: children)
        let victim = children[1]
        let victimPartitions = split[1]
        guard let victimPort = victim.operationsPort(timeout: .seconds(1)) else { throw BenchError("no operations port for the victim") }
        let consumedByVictim = MetricsProbe(port: victimPort).scrape().map { MetricsProbe.total("relay_records_consumed_total", in: $0) } ?? 0
        let killedAt = Date().timeIntervalSince1970
        victim.kill()
        try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: options.latencyBound), children: [children[0]])
        let outcomes = watcher.outcomes
        let resumed = outcomes.filter { victimPartitions.contains($0.partition) && $0.processedAt > killedAt }.map(\.processedAt).min()
        let byEvent = Dictionary(grouping: outcomes, by: \.eventId)
        let lines = world.simulator.lines()
        let linesPerToken = Dictionary(grouping: lines, by: \.externalDocumentNumber).mapValues(\.count)
        let tally = RecoveryTally(outcomes: outcomes, linesPerToken: linesPerToken)
        let survivorPort = children[0].operationsPort(timeout: .seconds(1))
        let consumedBySurvivor = survivorPort.flatMap { MetricsProbe(port: $0).scrape() }.map { MetricsProbe.total("relay_records_consumed_total", in: $0) } ?? .nan
        report.record("recovery.time", resumed.map { $0 - killedAt })
        report.record("recovery.stall", BenchMath.longestGap(outcomes.map(\.processedAt), after: killedAt))
        report.record("recovery.redelivered", Double(tally.redelivered))
        report.record("recovery.reconsumed", consumedBySurvivor + consumedByVictim - Double(n))
        report.record("recovery.redeliveredSame", Double(tally.repeatedSame))
        report.record("recovery.maxLinesPerToken", Double(linesPerToken.values.max() ?? 0))
        report.record("recovery.bookedTwice", Double(tally.bookedTwice))
        report.record("recovery.lost", Double(n - byEvent.count))
        report.record("recovery.lines", Double(lines.count))
        progress(String(format: "recovery: partitions flowing %.2f s after SIGKILL; %d redelivered; max %d line(s) per token",
                        (resumed ?? .nan) - killedAt, tally.redelivered, linesPerToken.values.max() ?? 0))
    }
}
