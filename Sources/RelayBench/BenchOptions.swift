import Foundation
import RelayCLI
import RelayCore
import Telemetry

/// The benchmark's scenarios, in the order they run and print.
enum BenchScenario: String, CaseIterable, Sendable {
    case ceiling
    case latency
    case rate
    case scaleOut = "scale-out"
    case recovery
    case ledger
    case soak
}

/// Everything `payment-relay-bench` was asked to do, with the defaults applied.
struct BenchOptions: Equatable, Sendable {
    var scenarios: [BenchScenario] = BenchScenario.allCases
    /// Runs per scenario; each figure is the median of these.
    var runs = 3
    /// Events queued for the ceiling scenario (and the Kafka-only and HTTP-only ceilings beside it).
    var events = 100_000
    /// The small backlog the ceiling's peak RSS is compared with.
    var smallBacklog = 1_000
    /// Events of the latency-bound scenario.
    var latencyEvents = 1_500
    /// Events of the rate-bound scenario (sized so the journal request still fits the last window).
    var rateEvents = 895
    /// Events per worker of the scale-out scenario.
    var scaleOutEventsPerWorker = 1_000
    /// Events of the recovery scenario.
    var recoveryEvents = 3_000
    /// Events through the Kafka path in the soak scenario, and creates through the HTTP path.
    var soakEvents = 1_000_000
    var soakRequests = 200_000
    /// The soak's first memory sample is taken after this many (the second at the end).
    var soakSampleAt = 100_000
    /// Input (and ledger) partitions; outcome partitions are the same number.
    var partitions: Int32 = 16
    /// Simulator latency per request in the latency-bound, scale-out and recovery scenarios.
    var latency: Duration = .milliseconds(50)
    /// The relay's BC_MAX_CONCURRENT_REQUESTS (per process) in every scenario.
    var concurrency = 5
    /// The rate-bound scenario's limit, enforced by the simulator and configured in the relay.
    var rateLimit = 300
    var rateWindow: Duration = .seconds(15)
    /// Keys of the ledger scenario's synthetic ledger topics, one measurement each.
    var ledgerKeys: [Int] = [1_000_000, 10_000_000]
    /// The relay's LOG_LEVEL (the production default is info: one line per event).
    var logLevel: LogLevel = .info
    /// The parts of the ceiling scenario to run (`--ceiling-parts`).
    var ceilingParts: Set<CeilingPart> = Set(CeilingPart.allCases)
    /// Extra environment for every relay child (`--relay-env KEY=VALUE`), e.g. a librdkafka override to compare.
    var relayEnvironment: [String: String] = [:]
    var quick = false
    var verbose = false

    /// The quick smoke run: one run of each scenario with small volumes.
    static let quickDefaults: BenchOptions = {
        var options = BenchOptions()
        options.quick = true
        options.runs = 1
        options.events = 5_000
        options.smallBacklog = 500
        options.latencyEvents = 400
        options.rateLimit = 100
        options.rateWindow = .seconds(5)
        options.rateEvents = 195
        options.scaleOutEventsPerWorker = 300
        options.recoveryEvents = 1_000
        options.ledgerKeys = [100_000]
        options.soakEvents = 100_000
        options.soakRequests = 30_000
        options.soakSampleAt = 10_000
        return options
    }()

    /// The physical bound of the latency-bound scenario: concurrency / latency, in events per second.
    var latencyBound: Double { Double(concurrency) / latency.seconds }

    /// Reads the options from parsed arguments.
    /// - Throws: ``UsageError`` for an unknown scenario or an out-of-range value.
    static func parse(_ arguments: ParsedArguments) throws(UsageError) -> BenchOptions {
        var options = arguments.flag("quick") ? quickDefaults : BenchOptions()
        options.verbose = arguments.flag("verbose")
        let names = arguments.options("scenario").flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        if !names.isEmpty, !names.contains("all") {
            var chosen: [BenchScenario] = []
            for name in names {
                guard let scenario = BenchScenario(rawValue: name) else {
                    throw UsageError("option '--scenario' expects one of \(BenchScenario.allCases.map(\.rawValue).joined(separator: ", ")) or all, got '\(name)'")
                }
                if !chosen.contains(scenario) { chosen.append(scenario) }
            }
            options.scenarios = BenchScenario.allCases.filter(chosen.contains)
        }
        if let runs = try arguments.int("runs") {
            guard (1...50).contains(runs) else { throw UsageError("option '--runs' expects 1 to 50, got \(runs)") }
            options.runs = runs
        }
        if let events = try arguments.int("events") {
            guard (100...1_000_000).contains(events) else { throw UsageError("option '--events' expects 100 to 1000000, got \(events)") }
            options.events = events
        }
        if let events = try arguments.int("soak-events") {
            guard events == 0 || (options.soakSampleAt + 1...50_000_000).contains(events) else {
                throw UsageError("option '--soak-events' expects 0 (skip) or \(options.soakSampleAt + 1) to 50000000, got \(events)")
            }
            options.soakEvents = events
        }
        if let requests = try arguments.int("soak-requests") {
            guard requests == 0 || (options.soakSampleAt + 1...5_000_000).contains(requests) else {
                throw UsageError("option '--soak-requests' expects 0 (skip) or \(options.soakSampleAt + 1) to 5000000, got \(requests)")
            }
            options.soakRequests = requests
        }
        if let partitions = try arguments.int("partitions") {
            guard (1...64).contains(partitions) else { throw UsageError("option '--partitions' expects 1 to 64, got \(partitions)") }
            options.partitions = Int32(partitions)
        }
        if let latency = try arguments.duration("latency") {
            guard latency >= .milliseconds(1), latency <= .seconds(5) else { throw UsageError("option '--latency' expects 1ms to 5s") }
            options.latency = latency
        }
        if let concurrency = try arguments.int("concurrency") {
            guard (1...100).contains(concurrency) else { throw UsageError("option '--concurrency' expects 1 to 100, got \(concurrency)") }
            options.concurrency = concurrency
        }
        if let text = arguments.option("rate-limit") {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let requests = Int(parts[0]), requests > 0, let window = DurationText.parse(String(parts[1])),
                  window >= .seconds(1) else {
                throw UsageError("option '--rate-limit' expects requests/window such as 300/15s, got '\(text)'")
            }
            options.rateLimit = requests
            options.rateWindow = window
            // Three windows' worth, less the journal request, unless the quick defaults already shrank it.
            options.rateEvents = max(10, 3 * requests - 5)
        }
        if let level = arguments.option("log-level") {
            guard let parsed = LogLevel(name: level) else {
                throw UsageError("option '--log-level' expects one of \(LogLevel.allCases.map(\.description).joined(separator: ", ")), got '\(level)'")
            }
            options.logLevel = parsed
        }
        let ledgerKeys = arguments.options("ledger-keys").flatMap { $0.split(separator: ",") }
        if !ledgerKeys.isEmpty {
            options.ledgerKeys = try ledgerKeys.map { text throws(UsageError) -> Int in
                guard let keys = Int(text.trimmingCharacters(in: .whitespaces)), (1_000...20_000_000).contains(keys) else {
                    throw UsageError("option '--ledger-keys' expects key counts from 1000 to 20000000, got '\(text)'")
                }
                return keys
            }
        }
        let parts = arguments.options("ceiling-parts").flatMap { $0.split(separator: ",") }
        if !parts.isEmpty {
            options.ceilingParts = Set(try parts.map { text throws(UsageError) -> CeilingPart in
                guard let part = CeilingPart(rawValue: text.trimmingCharacters(in: .whitespaces)) else {
                    throw UsageError("option '--ceiling-parts' expects \(CeilingPart.allCases.map(\.rawValue).joined(separator: ", ")), got '\(text)'")
                }
                return part
            })
        }
        for assignment in arguments.options("relay-env") {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw UsageError("option '--relay-env' expects KEY=VALUE, got '\(assignment)'")
            }
            options.relayEnvironment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        return options
    }
}

extension Duration {
    /// The duration in seconds as a floating-point number.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}

/// A part of the ceiling scenario (`--ceiling-parts`).
enum CeilingPart: String, CaseIterable, Sendable {
    case relay
    case kafkaPath = "kafka-path"
    case httpPath = "http-path"
    /// The relay's memory with a small backlog.
    case small
}
