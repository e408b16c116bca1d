import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// The bench's "scale-out" scenario (see `BenchCommand.spec`).
extension BenchRunner {
    func scaleOutRun() throws {
        for workers in [1, 2, 4] {
            let n = options.scaleOutEventsPerWorker * workers
            let world = try BenchWorld(partitions: options.partitions, latency: options.latency)
            let group = nextGroup()
            let children = try (0..<workers).map { try startRelay(world, name: "scale\(workers)-w\($0)", group: group) }
            defer { finish(children) }
            _ = try waitForStableGroup(children, partitions: options.partitions)
            let watcher = try OutcomeWatcher(world: world)
            defer { watcher.stop() }
            try world.publish(0..<n)
            try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: options.latencyBound * Double(workers)), children: children)
            let rate = BenchMath.steadyRate(watcher.outcomes.map(\.processedAt))
            report.record("scale.rate.\(workers)", rate)
            progress(String(format: "scale-out %d workers: steady %.1f/s", workers, rate ?? 0))
        }
        if let one = report.lastValue("scale.rate.1") {
            for workers in [2, 4] {
                if let rate = report.lastValue("scale.rate.\(workers)") { report.record("scale.factor.\(workers)", rate / (one * Double(workers))) }
            }
        }
        // The rebalance pause: a second worker joins a flowing one.
        let n = options.scaleOutEventsPerWorker * 2
        let world = try BenchWorld(partitions: options.partitions, latency: options.latency)
        try world.publish(0..<n)
        let watcher = try OutcomeWatcher(world: world)
        defer { watcher.stop() }
        let group = nextGroup()
        let first = try startRelay(world, name: "join-w0", group: group)
        var children = [first]
        defer { finish(children) }
        try waitForOutcomes(watcher, n / 6, timeout: .seconds(60), children: children)
        let joinedAt = Date().timeIntervalSince1970
        let second = try startRelay(world, name: "join-w1", group: group)
        children.append(second)
        guard let port = second.operationsPort(timeout: .seconds(20)) else { throw BenchError("join-w1 did not start:\n\(second.logTail)") }
        let probe = MetricsProbe(port: port)
        var flowingAt: Double?
        let limit = ContinuousClock.now + .seconds(60)
        while flowingAt == nil, ContinuousClock.now < limit {
            if let text = probe.scrape(), MetricsProbe.total("relay_outcomes_total", in: text) > 0 { flowingAt = Date().timeIntervalSince1970 }
            else { Thread.sleep(forTimeInterval: 0.05) }
        }
        try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: options.latencyBound), children: children)
        report.record("scale.joinPause", flowingAt.map { $0 - joinedAt })
        report.record("scale.joinStall", BenchMath.longestGap(watcher.outcomes.map(\.processedAt), after: joinedAt))
        progress(String(format: "join: new worker flowing after %.2f s", (flowingAt ?? .nan) - joinedAt))
    }
}
