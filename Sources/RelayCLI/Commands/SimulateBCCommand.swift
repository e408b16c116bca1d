import BCSimulator
import Foundation
import HTTPServer
import Telemetry

/// `payment-relay simulate-bc`: the Business Central simulator as a standalone process for local development.
enum SimulateBCCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "simulate-bc",
        abstract: "Run the Business Central simulator on a port until SIGINT/SIGTERM.",
        discussion: """
        Serves BC API v2.0 (token endpoint, companies, customerPaymentJournals, customerPayments, customers,
        companyInformation, generalLedgerEntries) with the demo seed: companies CRONUS USA (USD) / UK (GBP), customers
        C10000–C60000 (local currency) and C70000 (EUR), posted invoices 103001–103010. Inspection: GET /_simulator/lines,
        GET /_simulator/stats, POST /_simulator/journals/{code}/post, POST /_simulator/faults (scripted faults such as
        slow_commit), POST /_simulator/credentials (rotate the client secret or web service key). Prints the settings
        'payment-relay run' needs.
        """,
        options: [
            OptionSpec(long: "port", short: "p", valueName: "port", help: "TCP port (0 = any free port).", defaultDescription: "8090"),
            OptionSpec(long: "host", valueName: "address", help: "Address to listen on.", defaultDescription: "127.0.0.1"),
            OptionSpec(long: "latency", valueName: "duration", help: "Added latency per API request.", defaultDescription: "0ms"),
            OptionSpec(long: "fail-rate", valueName: "fraction", help: "Probability of a 500 on any API request.", defaultDescription: "0"),
            OptionSpec(long: "throttle-rate", valueName: "fraction", help: "Probability of a 429 (with Retry-After: 1).", defaultDescription: "0"),
            OptionSpec(long: "drop-rate", valueName: "fraction", help: "Probability a create is committed and its connection dropped.", defaultDescription: "0"),
            OptionSpec(long: "rate-limit", valueName: "n/window", help: "BC-style rate limit, e.g. 300/15s (429 beyond).", defaultDescription: "none"),
            OptionSpec(long: "max-concurrent", valueName: "n", help: "Requests executing at once per client (others queue).", defaultDescription: "unlimited"),
        ],
        flags: [FlagSpec(long: "verbose", short: "v", help: "Log every request.")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        var configuration = SimulatorConfiguration.demo()
        configuration.server = HTTPServerConfiguration(host: arguments.option("host") ?? "127.0.0.1", port: try arguments.int("port") ?? 8090)
        var rules: [FaultPlan.Rule] = []
        if let rate = try fraction(arguments, "fail-rate") { rules.append(.init(.internalServerError, probability: rate, target: .any)) }
        if let rate = try fraction(arguments, "throttle-rate") { rules.append(.init(.tooManyRequests(retryAfter: 1), probability: rate, target: .any)) }
        if let rate = try fraction(arguments, "drop-rate") { rules.append(.init(.commitThenDrop, probability: rate, target: .creates)) }
        configuration.faults = FaultPlan(seed: UInt64.random(in: 0...UInt64.max), latency: try arguments.duration("latency") ?? .zero, rules: rules)
        var limits = SimLimits()
        if let text = arguments.option("rate-limit") {
            let parts = text.split(separator: "/")
            guard parts.count == 2, let requests = Int(parts[0]), requests > 0, let window = DurationArgument.parse(String(parts[1])) else {
                throw UsageError("option '--rate-limit' expects requests/window such as 300/15s, got '\(text)'")
            }
            limits.rateLimit = .init(requests: requests, window: window)
        }
        if let maxConcurrent = try arguments.int("max-concurrent") {
            limits.concurrency = .init(maxExecuting: maxConcurrent, maxQueued: 95, queueTimeout: .seconds(480))
        }
        configuration.limits = limits
        let logger = Logger(label: "simulator", minimumLevel: arguments.flag("verbose") ? .debug : .notice, sink: StreamLogSink(format: .text))
        let simulator = BusinessCentralSimulator(configuration: configuration, logger: logger)
        try simulator.start()
        let out = context.output
        out.line("Business Central simulator listening on port \(simulator.port)")
        out.line("BC_API_URL=\(simulator.baseURL.absoluteString)")
        out.line("BC_TOKEN_URL=\(simulator.tokenURL.absoluteString)")
        out.line("BC_ALLOW_HTTP=true")
        out.line("BC_CLIENT_ID=\(configuration.clientId)")
        out.line("BC_CLIENT_SECRET=\(configuration.clientSecret)")
        out.line("BC_COMPANY_ID=\(SimulatorConfiguration.DemoIDs.cronusCompany.uuidString.lowercased())")
        await waitForSignal(context)
        simulator.stop()
        out.line("simulator stopped; \(simulator.lines().count) lines were created")
        return 0
    }

    private static func fraction(_ arguments: ParsedArguments, _ name: String) throws -> Double? {
        guard let text = arguments.option(name) else { return nil }
        guard let value = Double(text), (0...1).contains(value) else {
            throw UsageError("option '--\(name)' expects a fraction between 0 and 1, got '\(text)'")
        }
        return value == 0 ? nil : value
    }
}

/// Duration parsing shared with flags (`500ms`, `15s`, ...).
enum DurationArgument {
    static func parse(_ text: String) -> Duration? { ArgumentValue.duration(text) }
}
