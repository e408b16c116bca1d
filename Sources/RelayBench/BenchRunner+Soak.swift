import BCSimulator
import Foundation
import Kafka

/// The bench's "soak" scenario (see `BenchCommand.spec`): resident memory of one process over a long run.
extension BenchRunner {
    func soakRun() throws {
        if options.soakEvents > 0 { try soakKafkaPath() }
        if options.soakRequests > 0 { try soakHTTPPath() }
    }

    /// `--soak-events` through the Kafka path (the relay's `RelayService` with an instant in-memory BC), fed in
    /// chunks so the backlog stays within what the mock keeps. The in-memory ledger holds every key of the retention
    /// window by design (35 days in production, ≤ 24 bytes per key), so the flatness figure excludes its table
    /// (`relay_ledger_bytes`, scraped with each sample): it measures everything else the relay holds.
    private func soakKafkaPath() throws {
        let n = options.soakEvents, sampleAt = options.soakSampleAt
        let world = try BenchWorld(partitions: options.partitions)
        let chunk = 10_000, maximumBacklog = 50_000
        var published = min(n, maximumBacklog)
        try world.publish(0..<published)
        let child = try startRelay(world, name: "soak-kafka-path", group: nextGroup(), role: .kafkaPath)
        let probe = child.operationsPort(timeout: .seconds(20)).map(MetricsProbe.init(port:))
        let started = ContinuousClock.now
        var first: ProcessSample?, firstAt = ContinuousClock.now, firstLedger: Double?
        let limit = started + deadline(events: n, rate: 1_000)
        var processed = 0
        while processed < n {
            guard child.isRunning else { throw BenchError("the soak's kafka-path child exited:\n\(child.logTail)") }
            guard ContinuousClock.now < limit else { throw BenchError("the soak processed only \(processed) of \(n) events in time:\n\(child.logTail)") }
            processed = Int(try world.highWatermarks(BenchWorld.outcomeTopic, partitions: world.partitions).high)
            if first == nil, processed >= sampleAt {
                first = child.sample()
                firstLedger = ledgerBytes(probe)
                firstAt = .now
                progress("soak kafka path: \(processed) events, RSS \(Self.mebibytes(first?.rss)), ledger \(Self.mebibytes(firstLedger.map { Int($0) }))")
            }
            while published < n, published - processed < maximumBacklog {
                let next = min(n, published + chunk)
                try world.publish(published..<next)
                published = next
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let last = child.sample()
        let lastLedger = ledgerBytes(probe)
        let elapsed = (ContinuousClock.now - firstAt).seconds
        recordStages(of: child, prefix: "soak.kafka.stage")
        progress("soak kafka path: \(processed) events, RSS \(Self.mebibytes(last?.rss)), ledger \(Self.mebibytes(lastLedger.map { Int($0) })), peak \(Self.mebibytes(last?.peakRSS))")
        report.record("soak.kafka.rssFirst", first.map { Double($0.rss) / 1_048_576 })
        report.record("soak.kafka.rssLast", last.map { Double($0.rss) / 1_048_576 })
        report.record("soak.kafka.ledgerFirst", firstLedger.map { $0 / 1_048_576 })
        report.record("soak.kafka.ledgerLast", lastLedger.map { $0 / 1_048_576 })
        report.record("soak.kafka.peak", last.map { Double($0.peakRSS) / 1_048_576 })
        if let first, let last, let firstLedger, let lastLedger {
            report.record("soak.kafka.growth", (Double(last.rss) - lastLedger) / (Double(first.rss) - firstLedger) - 1)
            report.record("soak.kafka.rate", elapsed > 0 ? Double(n - sampleAt) / elapsed : nil)
            report.record("soak.kafka.cpu", (last.cpuSeconds - first.cpuSeconds) / Double(max(1, processed - sampleAt)) * 1000)
        }
        finish([child])
    }

    /// `--soak-requests` creates through the HTTP path (the relay's BC client over URLSession) against the simulator;
    /// memory after `soakSampleAt` creates (the simulator's count) and at the end.
    private func soakHTTPPath() throws {
        let n = options.soakRequests, sampleAt = options.soakSampleAt
        let world = try BenchWorld(partitions: 1)
        let resultURL = FileManager.default.temporaryDirectory.appendingPathComponent("payment-relay-bench-soak-\(UUID().uuidString.prefix(8)).txt")
        defer { try? FileManager.default.removeItem(at: resultURL) }
        let child = try startRelay(world, name: "soak-http-path", group: nextGroup(), role: .httpPath,
                                   extra: ["BENCH_EVENTS": String(n), "BENCH_TAG": world.runTag, "BENCH_RESULT_FILE": resultURL.path,
                                           "BENCH_COUNT_ONLY": "1"])
        let limit = ContinuousClock.now + deadline(events: n, rate: 200)
        var first: ProcessSample?, firstAt = ContinuousClock.now
        var last: ProcessSample?
        while !FileManager.default.fileExists(atPath: resultURL.path) {
            guard child.isRunning, ContinuousClock.now < limit else { throw BenchError("the soak's http-path child did not finish:\n\(child.logTail)") }
            last = child.sample() ?? last
            if first == nil, world.simulator.stats.linesCreated >= sampleAt {
                first = child.sample()
                firstAt = .now
                progress("soak http path: \(world.simulator.stats.linesCreated) creates, RSS \(Self.mebibytes(first?.rss))")
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        let text = (try? String(contentsOf: resultURL, encoding: .utf8)) ?? ""
        let failed = text.split(separator: "\n").filter { $0 == "failed" }.count
        let elapsed = (ContinuousClock.now - firstAt).seconds
        progress("soak http path: \(world.simulator.stats.linesCreated) creates (\(failed) failed), RSS \(Self.mebibytes(last?.rss)), peak \(Self.mebibytes(last?.peakRSS))")
        report.record("soak.http.rssFirst", first.map { Double($0.rss) / 1_048_576 })
        report.record("soak.http.rssLast", last.map { Double($0.rss) / 1_048_576 })
        report.record("soak.http.peak", last.map { Double($0.peakRSS) / 1_048_576 })
        report.record("soak.http.failed", Double(failed))
        if let first, let last {
            report.record("soak.http.growth", Double(last.rss) / Double(first.rss) - 1)
            report.record("soak.http.rate", elapsed > 0 ? Double(n - sampleAt) / elapsed : nil)
            report.record("soak.http.cpu", (last.cpuSeconds - first.cpuSeconds) / Double(n - sampleAt) * 1000)
        }
        child.kill()
        if options.verbose { progress("soak-http-path log: \(child.logURL.path)") } else { child.removeLog() }
    }

    /// The ledger tables' bytes (`relay_ledger_bytes`, all partitions) in the child's `/metrics`.
    private func ledgerBytes(_ probe: MetricsProbe?) -> Double? {
        guard let text = probe?.scrape() else { return nil }
        return MetricsProbe.total("relay_ledger_bytes", in: text)
    }

    static func mebibytes(_ bytes: Int?) -> String {
        bytes.map { String(format: "%.1f MiB", Double($0) / 1_048_576) } ?? "?"
    }
}
