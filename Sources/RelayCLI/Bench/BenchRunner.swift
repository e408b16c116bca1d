import BCSimulator
import Foundation
import Kafka

/// Runs the scenarios: each run builds a fresh world (mock cluster + simulator in this process), starts the relay
/// as child processes of this executable, and measures them from the outcome topic, `/proc` and `/metrics`.
/// Blocking by design: call it from a dedicated thread, never the cooperative pool (the simulator serves on it).
final class BenchRunner {
    let options: BenchOptions
    let output: any CommandOutput
    let report = BenchReport()
    private var groupCounter = 0

    init(options: BenchOptions, output: any CommandOutput) {
        self.options = options
        self.output = output
    }

    func progress(_ text: String) {
        output.errorLine("[bench \(Self.clock())] \(text)")
    }

    private static func clock() -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: Date())
    }

    func run() throws {
        for scenario in options.scenarios {
            for run in 1...options.runs {
                progress("\(scenario.rawValue) run \(run)/\(options.runs)")
                switch scenario {
                case .ceiling: try ceilingRun()
                case .latency: try latencyRun()
                case .rate: try rateRun()
                case .scaleOut: try scaleOutRun()
                case .recovery: try recoveryRun()
                }
            }
            addRows(scenario)
        }
    }

    // MARK: Helpers

    private func nextGroup() -> String {
        groupCounter += 1
        return "bench-\(groupCounter)"
    }

    private func startRelay(_ world: BenchWorld, name: String, group: String, arguments: [String] = ["run"],
                            rateBudget: (requests: Int, window: Duration)? = nil, extra: [String: String] = [:]) throws -> BenchChild {
        var environment = world.relayEnvironment(groupId: group, options: options, rateBudget: rateBudget)
        environment.merge(options.relayEnvironment) { _, new in new }
        environment.merge(extra) { _, new in new }
        return try BenchChild(name: name, arguments: arguments, environment: environment)
    }

    private func waitForOutcomes(_ watcher: OutcomeWatcher, _ count: Int, timeout: Duration, children: [BenchChild]) throws {
        let ok = watcher.wait(forEvents: count, timeout: timeout)
        guard ok else {
            let logs = children.map { "\($0.name) (running: \($0.isRunning)):\n\($0.logTail)" }.joined(separator: "\n")
            throw BenchError("only \(watcher.distinctEvents) of \(count) events got an outcome within \(timeout); worker logs:\n\(logs)")
        }
    }

    /// A generous deadline: `events` at `rate` per second, plus start-up and rebalances.
    private func deadline(events: Int, rate: Double) -> Duration {
        .seconds(60 + Double(events) / max(1, rate) * 3)
    }

    private func finish(_ children: [BenchChild]) {
        for child in children where child.isRunning {
            if child.terminate(timeout: .seconds(20)) != 0 { progress("\(child.name) did not exit 0 on SIGTERM; log: \(child.logURL.path)") }
        }
        for child in children {
            if options.verbose { progress("\(child.name) log: \(child.logURL.path)") } else { child.removeLog() }
        }
    }

    /// Waits until `children` together own every input partition, each exactly once, with ledgers loaded, and
    /// the split stays the same for `settle`. Returns each child's partitions.
    private func waitForStableGroup(_ children: [BenchChild], partitions: Int32, timeout: Duration = .seconds(90),
                                    settle: Duration = .milliseconds(1500)) throws -> [Set<Int32>] {
        let probes = try children.map { child -> MetricsProbe in
            guard let port = child.operationsPort(timeout: .seconds(20)) else {
                throw BenchError("\(child.name) did not log its operations port:\n\(child.logTail)")
            }
            return MetricsProbe(port: port)
        }
        let deadline = ContinuousClock.now + timeout
        var stableSince: ContinuousClock.Instant?
        var last: [Set<Int32>] = []
        while ContinuousClock.now < deadline {
            let split = probes.map { $0.scrape().map(MetricsProbe.loadedPartitions) ?? [] }
            let union = split.reduce(into: Set<Int32>()) { $0.formUnion($1) }
            let complete = union.count == Int(partitions) && split.reduce(0) { $0 + $1.count } == Int(partitions) && split.allSatisfy { !$0.isEmpty }
            if complete, split == last {
                if let since = stableSince, ContinuousClock.now - since >= settle { return split }
                if stableSince == nil { stableSince = .now }
            } else {
                stableSince = complete ? .now : nil
            }
            last = split
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw BenchError("the group of \(children.count) did not settle within \(timeout) (last split \(last.map { $0.sorted() }))")
    }

    // MARK: 1. Ceiling

    private func ceilingRun() throws {
        let n = options.events
        // The relay: N queued, then a paced phase for latency.
        do {
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
        do {
            let world = try BenchWorld(partitions: options.partitions)
            try world.publish(0..<n)
            let watcher = try OutcomeWatcher(world: world)
            defer { watcher.stop() }
            let child = try startRelay(world, name: "kafka-path", group: nextGroup(), arguments: ["bench", "--role", BenchRole.kafkaPath.rawValue])
            try waitForOutcomes(watcher, n, timeout: deadline(events: n, rate: 500), children: [child])
            let sample = child.sample()
            let rate = BenchMath.steadyRate(watcher.outcomes.map(\.processedAt))
            report.record("ceiling.kafka.rate", rate)
            report.record("ceiling.kafka.cpu", sample.map { $0.cpuSeconds / Double(n) * 1000 })
            report.record("ceiling.kafka.rss", sample.map { Double($0.peakRSS) / 1_048_576 })
            progress(String(format: "kafka path: steady %.0f/s, CPU %.2f s", rate ?? 0, sample?.cpuSeconds ?? 0))
            finish([child])
            try world.checkNothingDropped()
        }
        // The HTTP path alone: the same client and concurrency against the same simulator.
        do {
            let world = try BenchWorld(partitions: 1)
            let resultURL = FileManager.default.temporaryDirectory.appendingPathComponent("payment-relay-bench-http-\(UUID().uuidString.prefix(8)).txt")
            defer { try? FileManager.default.removeItem(at: resultURL) }
            let child = try startRelay(world, name: "http-path", group: nextGroup(), arguments: ["bench", "--role", BenchRole.httpPath.rawValue],
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
        do {
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

    // MARK: 2. Latency-bound

    private func latencyRun() throws {
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

    // MARK: 3. Rate-bound

    private func rateRun() throws {
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

    // MARK: 4. Scale-out

    private func scaleOutRun() throws {
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

    // MARK: 5. Recovery

    private func recoveryRun() throws {
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
        let redelivered = byEvent.values.filter { $0.count > 1 }
        let bookedTwiceByOutcome = redelivered.filter { $0.filter { $0.status == "created" }.count > 1 }.count
        let lines = world.simulator.lines()
        let linesPerToken = Dictionary(grouping: lines, by: \.externalDocumentNumber).mapValues(\.count)
        let survivorPort = children[0].operationsPort(timeout: .seconds(1))
        let consumedBySurvivor = survivorPort.flatMap { MetricsProbe(port: $0).scrape() }.map { MetricsProbe.total("relay_records_consumed_total", in: $0) } ?? .nan
        report.record("recovery.time", resumed.map { $0 - killedAt })
        report.record("recovery.stall", BenchMath.longestGap(outcomes.map(\.processedAt), after: killedAt))
        report.record("recovery.redelivered", Double(redelivered.count))
        report.record("recovery.reconsumed", consumedBySurvivor + consumedByVictim - Double(n))
        report.record("recovery.redeliveredDuplicate", Double(redelivered.filter { group in
            group.sorted { $0.processedAt < $1.processedAt }.dropFirst().allSatisfy { $0.status == "duplicate" }
        }.count))
        report.record("recovery.maxLinesPerToken", Double(linesPerToken.values.max() ?? 0))
        report.record("recovery.bookedTwice", Double(linesPerToken.values.filter { $0 > 1 }.count + bookedTwiceByOutcome))
        report.record("recovery.lost", Double(n - byEvent.count))
        report.record("recovery.lines", Double(lines.count))
        progress(String(format: "recovery: partitions flowing %.2f s after SIGKILL; %d redelivered; max %d line(s) per token",
                        (resumed ?? .nan) - killedAt, redelivered.count, linesPerToken.values.max() ?? 0))
    }

    // MARK: Rows

    private func addRows(_ scenario: BenchScenario) {
        let r = report
        switch scenario {
        case .ceiling:
            r.row(.ceiling, "relay events/s (\(options.events) queued, steady 10–90%)", "ceiling.relay.rate")
            r.row(.ceiling, "Kafka path alone events/s (instant in-memory BC)", "ceiling.kafka.rate")
            r.row(.ceiling, "HTTP path alone creates/s (same client, concurrency \(options.concurrency))", "ceiling.http.rate")
            r.row(.ceiling, "relay ÷ min(ceilings)", "ceiling.ratio", decimals: 2, target: "≥ 0.80", meets: { $0 >= 0.8 })
            r.row(.ceiling, "relay CPU s / 1,000 events", "ceiling.relay.cpu", decimals: 3)
            r.row(.ceiling, "Kafka path CPU s / 1,000 events", "ceiling.kafka.cpu", decimals: 3)
            r.row(.ceiling, "HTTP path CPU s / 1,000 creates", "ceiling.http.cpu", decimals: 3)
            r.row(.ceiling, "bench process (mock Kafka + simulator) CPU s / 1,000 events, relay run", "ceiling.bench.cpu", decimals: 3)
            r.row(.ceiling, "machine busy during the relay run (all cores, any process)", "ceiling.machine.busy", decimals: 0, unit: "%", scale: 100)
            r.row(.ceiling, "relay peak RSS, \(options.events) queued", "ceiling.relay.rss", decimals: 1, unit: "MiB", target: "≤ 64 MiB", meets: { $0 <= 64 })
            r.row(.ceiling, "relay peak RSS, \(options.smallBacklog) queued", "ceiling.small.rss", decimals: 1, unit: "MiB")
            r.row(.ceiling, "peak RSS growth \(options.smallBacklog) → \(options.events) queued", "ceiling.rssGrowth", decimals: 1, unit: "%", scale: 100,
                  target: "≤ 20%", meets: { $0 <= 20 })
            r.row(.ceiling, "Kafka path peak RSS", "ceiling.kafka.rss", decimals: 1, unit: "MiB")
            r.row(.ceiling, "HTTP path peak RSS", "ceiling.http.rss", decimals: 1, unit: "MiB")
            r.row(.ceiling, "start → first outcome (join + ledger load)", "ceiling.relay.startup", decimals: 2, unit: "s")
            r.row(.ceiling, "start → last outcome", "ceiling.relay.drain", decimals: 1, unit: "s")
            r.row(.ceiling, "latency p50 at paced load (rate below)", "ceiling.latency.p50", decimals: 1, unit: "ms")
            r.row(.ceiling, "latency p99 at paced load", "ceiling.latency.p99", decimals: 1, unit: "ms")
            r.row(.ceiling, "paced load, events/s (half the steady rate)", "ceiling.latency.rate")
            r.row(.ceiling, "outcomes other than created", "ceiling.relay.notCreated", target: "0", meets: { $0 == 0 })
        case .latency:
            r.row(.latency, "events/s (\(Int(options.latency.seconds * 1000)) ms per request, concurrency \(options.concurrency))", "latency.rate", decimals: 1)
            r.row(.latency, "÷ physical bound \(BenchFormat.number(options.latencyBound, decimals: 0))/s", "latency.ratio", decimals: 1, unit: "%", scale: 100,
                  target: "≥ 95%", meets: { $0 >= 95 })
            r.row(.latency, "requests in flight at BC (max)", "latency.maxConcurrent")
            r.row(.latency, "relay CPU s / 1,000 events", "latency.cpu", decimals: 3)
        case .rate:
            let quota = Double(options.rateLimit) / options.rateWindow.seconds
            r.row(.rate, "events/s (\(options.rateEvents) events, \(options.rateLimit) per \(Int(options.rateWindow.seconds)) s)", "rate.rate", decimals: 1)
            r.row(.rate, "quota-bound ideal events/s for this volume", "rate.idealRate", decimals: 1)
            r.row(.rate, "÷ ideal: (⌈R/L⌉−1)·W ÷ actual time", "rate.efficiency", decimals: 1, unit: "%", scale: 100, target: "≥ 90%", meets: { $0 >= 90 })
            r.row(.rate, "long-run quota", text: "\(BenchFormat.number(quota, decimals: 1))/s")
            r.row(.rate, "BC requests counted (R)", "rate.requests")
            r.row(.rate, "429 responses", "rate.throttled")
            r.row(.rate, "failed events", "rate.failed", target: "0", meets: { $0 == 0 })
        case .scaleOut:
            for workers in [1, 2, 4] {
                r.row(.scaleOut, "\(workers) worker\(workers > 1 ? "s" : "") events/s (bound \(BenchFormat.number(options.latencyBound * Double(workers), decimals: 0)))",
                      "scale.rate.\(workers)", decimals: 1)
            }
            r.row(.scaleOut, "scaling factor 2 workers ÷ linear", "scale.factor.2", decimals: 2, target: "≥ 0.90", meets: { $0 >= 0.9 })
            r.row(.scaleOut, "scaling factor 4 workers ÷ linear", "scale.factor.4", decimals: 2, target: "≥ 0.90", meets: { $0 >= 0.9 })
            r.row(.scaleOut, "rebalance pause: worker start → its first outcome", "scale.joinPause", decimals: 2, unit: "s")
            r.row(.scaleOut, "longest outcome gap while it joins (whole group)", "scale.joinStall", decimals: 2, unit: "s")
        case .recovery:
            r.row(.recovery, "SIGKILL → its partitions flow again", "recovery.time", decimals: 2, unit: "s")
            r.row(.recovery, "longest outcome gap after the kill (whole group)", "recovery.stall", decimals: 2, unit: "s")
            r.row(.recovery, "records redelivered (a second outcome)", "recovery.redelivered")
            r.row(.recovery, "of which ended duplicate", "recovery.redeliveredDuplicate")
            r.row(.recovery, "records consumed twice (≈, from metrics)", "recovery.reconsumed")
            r.row(.recovery, "max BC lines per token", "recovery.maxLinesPerToken", target: "≤ 1", meets: { $0 <= 1 })
            r.row(.recovery, "events booked twice", "recovery.bookedTwice", target: "0", meets: { $0 == 0 })
            r.row(.recovery, "events without outcome", "recovery.lost", target: "0", meets: { $0 == 0 })
        }
    }
}

extension BenchReport {
    /// The value recorded last for `key` (this run's), if any.
    func lastValue(_ key: String) -> Double? { valuesFor(key).last }
}
