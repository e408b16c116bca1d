import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// The bench's "ceiling" scenario (see `BenchCommand.spec`).
extension BenchRunner {
    func ceilingRun() throws {
        let n = options.events
        // The relay: N queued, then a paced phase for latency.
        if options.ceilingParts.contains(.relay) {
            let world = try BenchWorld(partitions: options.partitions)
            try world.publish(0..<n)
            let watcher = try OutcomeWatcher(world: world)
            defer { watcher.stop() }
            let started = Date().timeIntervalSince1970
            let machineBefore = MachineCPU.read()
            let benchBefore = ProcessSample.read(pid: getpid())
            let relay = try startRelay(world, name: "relay", group: nextGroup())
            try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: 500), children: [relay])
            let sample = relay.sample()
            if let before = machineBefore, let after = MachineCPU.read() { report.record("ceiling.machine.busy", after.utilization(since: before)) }
            if let before = benchBefore, let after = ProcessSample.read(pid: getpid()) {
                report.record("ceiling.bench.cpu", (after.cpuSeconds - before.cpuSeconds) / Double(n) * 1000)
            }
            let outcomes = watcher.outcomes
            let times = outcomes.map(\.processedAt)
            let rate = BenchMath.steadyRate(times)
            report.record("ceiling.relay.rate", rate)
            report.record("ceiling.relay.startup", times.min().map { $0 - started })
            report.record("ceiling.relay.drain", times.max().map { $0 - started })
            report.record("ceiling.relay.cpu", sample.map { $0.cpuSeconds / Double(n) * 1000 })
            report.record("ceiling.relay.rss", sample.map { Double($0.peakRSS) / 1_048_576 })
            report.record("ceiling.relay.notCreated", Double(outcomes.filter { $0.status != "created" }.count))
            progress(String(format: "relay: %d events, steady %.0f/s, CPU %.2f s, peak RSS %.1f MiB", n, rate ?? 0,
                            sample?.cpuSeconds ?? 0, Double(sample?.peakRSS ?? 0) / 1_048_576))
            recordStages(of: relay, prefix: "ceiling.relay.stage")
            // Latency at half the measured throughput (a backlog's latency would only measure the backlog).
            let pacedRate = min(2_000, max(20, (rate ?? 100) / 2))
            let pacedCount = max(200, min(5_000, Int(pacedRate * 5)))
            let sent = try world.publishPaced(n..<(n + pacedCount), rate: pacedRate)
            try waitForOutcomes(watcher, n + pacedCount, timeout: .seconds(60), children: [relay])
            let latencies = watcher.outcomes.compactMap { outcome in sent[outcome.eventId].map { outcome.processedAt - $0 } }
            report.record("ceiling.latency.rate", pacedRate)
            report.record("ceiling.latency.p50", BenchMath.percentile(latencies, 50).map { $0 * 1000 })
            report.record("ceiling.latency.p99", BenchMath.percentile(latencies, 99).map { $0 * 1000 })
            finish([relay])
            try world.checkNothingDropped()
        }
        // The Kafka path alone: the same RelayService, BC answered in memory.
        if options.ceilingParts.contains(.kafkaPath) {
            let world = try BenchWorld(partitions: options.partitions)
            try world.publish(0..<n)
            let watcher = try OutcomeWatcher(world: world)
            defer { watcher.stop() }
            let child = try startRelay(world, name: "kafka-path", group: nextGroup(), role: .kafkaPath)
            try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: 500), children: [child])
            let sample = child.sample()
            let rate = BenchMath.steadyRate(watcher.outcomes.map(\.processedAt))
            report.record("ceiling.kafka.rate", rate)
            report.record("ceiling.kafka.cpu", sample.map { $0.cpuSeconds / Double(n) * 1000 })
            report.record("ceiling.kafka.rss", sample.map { Double($0.peakRSS) / 1_048_576 })
            progress(String(format: "kafka path: steady %.0f/s, CPU %.2f s", rate ?? 0, sample?.cpuSeconds ?? 0))
            recordStages(of: child, prefix: "ceiling.kafka.stage")
            finish([child])
            try world.checkNothingDropped()
        }
        // The HTTP path alone: the same client and concurrency against the same simulator.
        if options.ceilingParts.contains(.httpPath) {
            let world = try BenchWorld(partitions: 1)
            let resultURL = FileManager.default.temporaryDirectory.appendingPathComponent("payment-relay-bench-http-\(UUID().uuidString.prefix(8)).txt")
            defer { try? FileManager.default.removeItem(at: resultURL) }
            let child = try startRelay(world, name: "http-path", group: nextGroup(), role: .httpPath,
                                       extra: ["BENCH_EVENTS": String(n), "BENCH_TAG": world.runTag, "BENCH_RESULT_FILE": resultURL.path])
            let limit = ContinuousClock.now + deadline(events: n, rate: 500)
            while !FileManager.default.fileExists(atPath: resultURL.path), child.isRunning, ContinuousClock.now < limit {
                Thread.sleep(forTimeInterval: 0.05)
            }
            let sample = child.sample()
            guard let text = try? String(contentsOf: resultURL, encoding: .utf8) else {
                throw BenchError("the http-path child wrote no result:\n\(child.logTail)")
            }
            let lines = text.split(separator: "\n")
            let times = lines.compactMap { Double($0) }
            let rate = BenchMath.steadyRate(times)
            report.record("ceiling.http.rate", rate)
            report.record("ceiling.http.cpu", sample.map { $0.cpuSeconds / Double(n) * 1000 })
            report.record("ceiling.http.rss", sample.map { Double($0.peakRSS) / 1_048_576 })
            report.record("ceiling.http.failed", Double(lines.count - times.count))
            progress(String(format: "http path: steady %.0f/s, CPU %.2f s, %d failed", rate ?? 0, sample?.cpuSeconds ?? 0, lines.count - times.count))
            child.kill()
            if options.verbose { progress("http-path log: \(child.logURL.path)") } else { child.removeLog() }
        }
        if let relay = report.lastValue("ceiling.relay.rate"), let kafka = report.lastValue("ceiling.kafka.rate"),
           let http = report.lastValue("ceiling.http.rate") {
            report.record("ceiling.ratio", relay / min(kafka, http))
        }
        // Memory with a small backlog, to compare with N queued.
        if options.ceilingParts.contains(.small) {
            let small = options.smallBacklog
            let world = try BenchWorld(partitions: options.partitions)
            try world.publish(0..<small)
            let watcher = try OutcomeWatcher(world: world)
            defer { watcher.stop() }
            let relay = try startRelay(world, name: "relay-small", group: nextGroup())
            try waitForOutcomes(watcher, small, timeout: .seconds(120), children: [relay])
            let sample = relay.sample()
            report.record("ceiling.small.rss", sample.map { Double($0.peakRSS) / 1_048_576 })
            if let big = report.lastValue("ceiling.relay.rss"), let sample {
                report.record("ceiling.rssGrowth", big / (Double(sample.peakRSS) / 1_048_576) - 1)
            }
            finish([relay])
        }
    }

    /// Scrapes the child's `/metrics` for its stage times (see ``StageProfile``).
    func recordStages(of child: BenchChild, prefix: String) {
        guard let port = child.operationsPort(timeout: .seconds(5)), let text = MetricsProbe(port: port).scrape() else {
            progress("\(child.name): no /metrics (stage times not recorded)")
            return
        }
        StageProfile.record(text, prefix: prefix, into: &report)
    }
}
