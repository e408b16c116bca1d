import BCSimulator
import Foundation
import RelayCLI
import Kafka

/// Runs the scenarios: each run builds a fresh world (mock cluster + simulator in this process), starts the relay
/// as child processes of this executable, and measures them from the outcome topic, `/proc` and `/metrics`.
/// Blocking by design: call it from a dedicated thread, never the cooperative pool (the simulator serves on it).
final class BenchRunner {
    let options: BenchOptions
    let output: any CommandOutput
    var report = BenchReport()
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
                case .ledger: try ledgerRun()
                case .soak: try soakRun()
                }
            }
            addRows(scenario)
        }
    }

    // MARK: Helpers

    func nextGroup() -> String {
        groupCounter += 1
        return "bench-\(groupCounter)"
    }

    func startRelay(_ world: BenchWorld, name: String, group: String, role: BenchRole? = nil,
                            rateBudget: (requests: Int, window: Duration)? = nil, extra: [String: String] = [:]) throws -> BenchChild {
        var environment = world.relayEnvironment(groupId: group, options: options, rateBudget: rateBudget)
        environment.merge(options.relayEnvironment) { _, new in new }
        environment.merge(extra) { _, new in new }
        if let role {
            return try BenchChild(name: name, executable: BenchChild.benchExecutableURL, arguments: ["--role", role.rawValue], environment: environment)
        }
        let relay = BenchChild.relayExecutableURL
        guard FileManager.default.isExecutableFile(atPath: relay.path) else {
            throw BenchError("no relay executable at \(relay.path): build the package first (swift build -c release), not only the bench")
        }
        return try BenchChild(name: name, executable: relay, arguments: ["run"], environment: environment)
    }

    func waitForOutcomes(_ watcher: OutcomeWatcher, _ count: Int, timeout: Duration, children: [BenchChild]) throws {
        let ok = watcher.wait(forEvents: count, timeout: timeout)
        guard ok else {
            let logs = children.map { "\($0.name) (running: \($0.isRunning)):\n\($0.logTail)" }.joined(separator: "\n")
            throw BenchError("only \(watcher.distinctEvents) of \(count) events got an outcome within \(timeout); worker logs:\n\(logs)")
        }
    }

    /// A generous deadline: `events` at `rate` per second, plus start-up and rebalances.
    func deadline(events: Int, rate: Double) -> Duration {
        .seconds(60 + Double(events) / max(1, rate) * 3)
    }

    func finish(_ children: [BenchChild]) {
        for child in children where child.isRunning {
            if child.terminate(timeout: .seconds(20)) != 0 { progress("\(child.name) did not exit 0 on SIGTERM; log: \(child.logURL.path)") }
        }
        for child in children {
            if options.verbose { progress("\(child.name) log: \(child.logURL.path)") } else { child.removeLog() }
        }
    }

    /// Waits until `children` together own every input partition, each exactly once, with ledgers loaded, and
    /// the split stays the same for `settle`. Returns each child's partitions.
    func waitForStableGroup(_ children: [BenchChild], partitions: Int32, timeout: Duration = .seconds(90),
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

    // MARK: Rows

    private func addRows(_ scenario: BenchScenario) {
        switch scenario {
        case .ceiling:
            report.row(.ceiling, "relay events/s (\(options.events) queued, steady 10–90%)", "ceiling.relay.rate")
            report.row(.ceiling, "Kafka path alone events/s (instant in-memory BC)", "ceiling.kafka.rate")
            report.row(.ceiling, "HTTP path alone creates/s (same client, concurrency \(options.concurrency))", "ceiling.http.rate")
            report.row(.ceiling, "relay ÷ min(ceilings)", "ceiling.ratio", decimals: 2, target: "≥ 0.80", meets: { $0 >= 0.8 })
            report.row(.ceiling, "relay CPU s / 1,000 events", "ceiling.relay.cpu", decimals: 3)
            report.row(.ceiling, "Kafka path CPU s / 1,000 events", "ceiling.kafka.cpu", decimals: 3)
            report.row(.ceiling, "HTTP path CPU s / 1,000 creates", "ceiling.http.cpu", decimals: 3)
            report.row(.ceiling, "bench process (mock Kafka + simulator) CPU s / 1,000 events, relay run", "ceiling.bench.cpu", decimals: 3)
            report.row(.ceiling, "machine busy during the relay run (all cores, any process)", "ceiling.machine.busy", decimals: 0, unit: "%", scale: 100)
            report.row(.ceiling, "relay peak RSS, \(options.events) queued", "ceiling.relay.rss", decimals: 1, unit: "MiB", target: "≤ 64 MiB", meets: { $0 <= 64 })
            report.row(.ceiling, "relay peak RSS, \(options.smallBacklog) queued", "ceiling.small.rss", decimals: 1, unit: "MiB")
            report.row(.ceiling, "peak RSS growth \(options.smallBacklog) → \(options.events) queued", "ceiling.rssGrowth", decimals: 1, unit: "%", scale: 100,
                  target: "≤ 20%", meets: { $0 <= 20 })
            report.row(.ceiling, "Kafka path peak RSS", "ceiling.kafka.rss", decimals: 1, unit: "MiB")
            report.row(.ceiling, "HTTP path peak RSS", "ceiling.http.rss", decimals: 1, unit: "MiB")
            report.row(.ceiling, "start → first outcome (join + ledger load)", "ceiling.relay.startup", decimals: 2, unit: "s")
            report.row(.ceiling, "start → last outcome", "ceiling.relay.drain", decimals: 1, unit: "s")
            report.row(.ceiling, "latency p50 at paced load (rate below)", "ceiling.latency.p50", decimals: 1, unit: "ms")
            report.row(.ceiling, "latency p99 at paced load", "ceiling.latency.p99", decimals: 1, unit: "ms")
            report.row(.ceiling, "paced load, events/s (half the steady rate)", "ceiling.latency.rate")
            report.row(.ceiling, "outcomes other than created", "ceiling.relay.notCreated", target: "0", meets: { $0 == 0 })
            StageProfile.addRows(.ceiling, prefix: "ceiling.relay.stage", label: "relay", to: &report)
            StageProfile.addRows(.ceiling, prefix: "ceiling.kafka.stage", label: "Kafka path", to: &report)
        case .latency:
            report.row(.latency, "events/s (\(Int(options.latency.seconds * 1000)) ms per request, concurrency \(options.concurrency))", "latency.rate", decimals: 1)
            report.row(.latency, "÷ physical bound \(BenchFormat.number(options.latencyBound, decimals: 0))/s", "latency.ratio", decimals: 1, unit: "%", scale: 100,
                  target: "≥ 95%", meets: { $0 >= 95 })
            report.row(.latency, "requests in flight at BC (max)", "latency.maxConcurrent")
            report.row(.latency, "BC requests per event (token excluded)", "latency.requestsPerEvent", decimals: 3)
            report.row(.latency, "relay CPU s / 1,000 events", "latency.cpu", decimals: 3)
        case .rate:
            let quota = Double(options.rateLimit) / options.rateWindow.seconds
            report.row(.rate, "events/s (\(options.rateEvents) events, \(options.rateLimit) per \(Int(options.rateWindow.seconds)) s)", "rate.rate", decimals: 1)
            report.row(.rate, "quota-bound ideal events/s for this volume", "rate.idealRate", decimals: 1)
            report.row(.rate, "÷ ideal: (⌈R/L⌉−1)·W ÷ actual time", "rate.efficiency", decimals: 1, unit: "%", scale: 100, target: "≥ 90%", meets: { $0 >= 90 })
            report.row(.rate, "long-run quota", text: "\(BenchFormat.number(quota, decimals: 1))/s")
            report.row(.rate, "BC requests counted (R)", "rate.requests")
            report.row(.rate, "429 responses", "rate.throttled")
            report.row(.rate, "failed events", "rate.failed", target: "0", meets: { $0 == 0 })
        case .scaleOut:
            for workers in [1, 2, 4] {
                report.row(.scaleOut, "\(workers) worker\(workers > 1 ? "s" : "") events/s (bound \(BenchFormat.number(options.latencyBound * Double(workers), decimals: 0)))",
                      "scale.rate.\(workers)", decimals: 1)
            }
            report.row(.scaleOut, "scaling factor 2 workers ÷ linear", "scale.factor.2", decimals: 2, target: "≥ 0.90", meets: { $0 >= 0.9 })
            report.row(.scaleOut, "scaling factor 4 workers ÷ linear", "scale.factor.4", decimals: 2, target: "≥ 0.90", meets: { $0 >= 0.9 })
            report.row(.scaleOut, "rebalance pause: worker start → its first outcome", "scale.joinPause", decimals: 2, unit: "s")
            report.row(.scaleOut, "longest outcome gap while it joins (whole group)", "scale.joinStall", decimals: 2, unit: "s")
        case .ledger:
            for keys in options.ledgerKeys {
                let name = BenchFormat.number(Double(keys), decimals: 0)
                report.row(.ledger, "\(name) keys: full load", "ledger.\(keys).load", decimals: 1, unit: "s")
                report.row(.ledger, "\(name) keys: table bytes per key", "ledger.\(keys).bytesPerKey", decimals: 1, unit: "B",
                           target: "≤ 24 B", meets: { $0 <= 24 })
                report.row(.ledger, "\(name) keys: resident memory added by the load", "ledger.\(keys).resident", decimals: 1, unit: "MiB")
                report.row(.ledger, "\(name) keys: reassigned partitions read the 10,000 new entries in", "ledger.\(keys).incremental",
                           decimals: 2, unit: "s")
                report.row(.ledger, "\(name) keys: records read by that reassignment", "ledger.\(keys).incrementalRead",
                           target: "10,000", meets: { $0 == 10_000 })
                report.row(.ledger, "\(name) keys: rebalance pause (assignment → every partition flowing)", "ledger.\(keys).pause",
                           decimals: 2, unit: "s")
            }
        case .recovery:
            report.row(.recovery, "SIGKILL → its partitions flow again", "recovery.time", decimals: 2, unit: "s")
            report.row(.recovery, "longest outcome gap after the kill (whole group)", "recovery.stall", decimals: 2, unit: "s")
            report.row(.recovery, "records redelivered (a second outcome)", "recovery.redelivered")
            report.row(.recovery, "of which repeated the first outcome (same status and payment)", "recovery.redeliveredSame")
            report.row(.recovery, "records consumed twice (≈, from metrics)", "recovery.reconsumed")
            report.row(.recovery, "max BC lines per token", "recovery.maxLinesPerToken", target: "≤ 1", meets: { $0 <= 1 })
            report.row(.recovery, "payments booked twice (a token with two lines, an event naming two payments)", "recovery.bookedTwice",
                       target: "0", meets: { $0 == 0 })
            report.row(.recovery, "events without outcome", "recovery.lost", target: "0", meets: { $0 == 0 })
        case .soak:
            let first = BenchFormat.number(Double(options.soakSampleAt), decimals: 0)
            let events = BenchFormat.number(Double(options.soakEvents), decimals: 0)
            let requests = BenchFormat.number(Double(options.soakRequests), decimals: 0)
            // A part skipped with `--soak-events 0` or `--soak-requests 0` has no rows (not a missed target).
            if options.soakEvents > 0 {
                report.row(.soak, "Kafka path RSS after \(first) events", "soak.kafka.rssFirst", decimals: 1, unit: "MiB")
                report.row(.soak, "Kafka path RSS after \(events) events", "soak.kafka.rssLast", decimals: 1, unit: "MiB")
                report.row(.soak, "of which the ledger table after \(first)", "soak.kafka.ledgerFirst", decimals: 1, unit: "MiB")
                report.row(.soak, "of which the ledger table after \(events)", "soak.kafka.ledgerLast", decimals: 1, unit: "MiB")
                report.row(.soak, "Kafka path RSS without the ledger table, growth \(first) → \(events)", "soak.kafka.growth", decimals: 1, unit: "%",
                           scale: 100, target: "≤ 10%", meets: { $0 <= 10 })
                report.row(.soak, "Kafka path peak RSS", "soak.kafka.peak", decimals: 1, unit: "MiB")
                report.row(.soak, "Kafka path events/s (fed in chunks)", "soak.kafka.rate")
                report.row(.soak, "Kafka path CPU s / 1,000 events", "soak.kafka.cpu", decimals: 3)
                StageProfile.addRows(.soak, prefix: "soak.kafka.stage", label: "Kafka path", to: &report)
            }
            guard options.soakRequests > 0 else { return }
            report.row(.soak, "HTTP path RSS after \(first) creates", "soak.http.rssFirst", decimals: 1, unit: "MiB")
            report.row(.soak, "HTTP path RSS after \(requests) creates", "soak.http.rssLast", decimals: 1, unit: "MiB")
            report.row(.soak, "HTTP path RSS growth \(first) → \(requests)", "soak.http.growth", decimals: 1, unit: "%", scale: 100,
                       target: "≤ 10%", meets: { $0 <= 10 })
            report.row(.soak, "HTTP path peak RSS", "soak.http.peak", decimals: 1, unit: "MiB")
            report.row(.soak, "HTTP path creates/s", "soak.http.rate")
            report.row(.soak, "HTTP path CPU s / 1,000 creates", "soak.http.cpu", decimals: 3)
            report.row(.soak, "HTTP path failed creates", "soak.http.failed", target: "0", meets: { $0 == 0 })
        }
    }
}

extension BenchReport {
    /// The value recorded last for `key` (this run's), if any.
    func lastValue(_ key: String) -> Double? { valuesFor(key).last }
}
