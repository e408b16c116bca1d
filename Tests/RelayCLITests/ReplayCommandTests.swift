import Foundation
import Relay
@testable import RelayCLI
import Testing

@Suite struct ReplayCommandTests {
    private let environment = ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:9092", "KAFKA_SOCKET_TIMEOUT_MS": "5000"]

    private func configuration(_ arguments: [String], environment: [String: String]? = nil) throws -> DeadLetterReplayConfiguration {
        try ReplayCommand.configuration(ArgumentParser.parse(arguments, spec: ReplayCommand.spec), environment: environment ?? self.environment)
    }

    @Test func defaultsComeFromTheEnvironmentAndMatchEverything() throws {
        let configuration = try configuration([])
        #expect(configuration.deadLetterTopic == "payments.received.dlq")
        #expect(configuration.inputTopic == "payments.received")
        #expect(configuration.groupId == "payment-relay-replay")
        #expect(configuration.kafka["bootstrap.servers"] == "127.0.0.1:9092")
        #expect(configuration.kafka["socket.timeout.ms"] == "5000")
        #expect(configuration.filter.isEmpty)
        #expect(!configuration.dryRun)
        #expect(configuration.limit == nil)
        #expect(configuration.maxRecordsPerSecond == nil)
        #expect(!configuration.skipUnmatched, "skipped records hold the group's position unless asked")
    }

    @Test func everyOptionReachesTheConfiguration() throws {
        let configuration = try configuration([
            "--class", "transient", "--class=OUTCOME_UNKNOWN", "--code", "Internal_ServerError", "--event-id", "e1", "--event-id", "e2",
            "--partition", "0", "--partition", "3", "--offsets", "100-", "--failed-after", "2026-05-01T00:00:00Z",
            "--failed-before", "2026-05-02T02:00:00+02:00", "--dry-run", "--limit", "50", "--rate", "12.5", "--group", "replay-may",
            "--skip-unmatched",
        ], environment: environment.merging(["RELAY_DLQ_TOPIC": "p.dlq", "RELAY_INPUT_TOPIC": "p.in"]) { $1 })
        let filter = configuration.filter
        #expect(filter.errorClasses == ["transient", "outcome_unknown"])
        #expect(filter.errorCodes == ["internal_servererror"])
        #expect(filter.eventIds == ["e1", "e2"])
        #expect(filter.originalPartitions == [0, 3])
        #expect(filter.originalOffsetFrom == 100 && filter.originalOffsetTo == nil)
        #expect(filter.failedAfter == Date(timeIntervalSince1970: 1_777_593_600))
        #expect(filter.failedBefore == Date(timeIntervalSince1970: 1_777_593_600 + 86_400))
        #expect(configuration.dryRun)
        #expect(configuration.skipUnmatched)
        #expect(configuration.limit == 50)
        #expect(configuration.maxRecordsPerSecond == 12.5)
        #expect(configuration.groupId == "replay-may")
        #expect(configuration.deadLetterTopic == "p.dlq" && configuration.inputTopic == "p.in")
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var message: String
        var testDescription: String { arguments.joined(separator: " ") }
    }

    @Test(arguments: [
        Bad(arguments: ["--bogus"], message: "unknown option '--bogus' for 'payment-relay replay'"),
        Bad(arguments: ["--limit", "0"], message: "option '--limit' must be a positive integer, got 0"),
        Bad(arguments: ["--limit", "ten"], message: "option '--limit' expects an integer, got 'ten'"),
        Bad(arguments: ["--limit"], message: "missing value for option '--limit'"),
        Bad(arguments: ["--limit", "1", "--limit", "2"], message: "option '--limit' may be given only once"),
        Bad(arguments: ["--rate", "0"], message: "option '--rate' expects a positive number of records per second, got '0'"),
        Bad(arguments: ["--rate", "fast"], message: "option '--rate' expects a positive number of records per second, got 'fast'"),
        Bad(arguments: ["--rate=inf"], message: "option '--rate' expects a positive number of records per second, got 'inf'"),
        Bad(arguments: ["--partition", "-1"], message: "option '--partition' expects a partition number (0 or more), got '-1'"),
        Bad(arguments: ["--partition", "one"], message: "option '--partition' expects a partition number (0 or more), got 'one'"),
        Bad(arguments: ["--offsets", "200-100"], message: "option '--offsets' expects a range such as 100-200, 100- or -200, got '200-100'"),
        Bad(arguments: ["--failed-after", "yesterday"],
            message: "option '--failed-after' expects an RFC 3339 date-time such as 2024-05-01T12:00:00Z, got 'yesterday'"),
        Bad(arguments: ["--failed-after", "2026-05-02T00:00:00Z", "--failed-before", "2026-05-01T00:00:00Z"],
            message: "option '--failed-after' must be earlier than '--failed-before'"),
        Bad(arguments: ["--class="], message: "option '--class' must not be empty"),
        Bad(arguments: ["--class", "transient", "--class", "transiant"],
            message: "option '--class' expects one of malformed, validation, permanent, authentication, transient, throttled, "
                + "outcome_unknown, conflict, infrastructure, got 'transiant'"),
        Bad(arguments: ["--class", "outcomeUnknown"],
            message: "option '--class' expects one of malformed, validation, permanent, authentication, transient, throttled, "
                + "outcome_unknown, conflict, infrastructure, got 'outcomeUnknown'"),
        Bad(arguments: ["--output", "xml"], message: "option '--output' expects text or json, got 'xml'"),
        Bad(arguments: ["--group="], message: "option '--group' must not be empty"),
        Bad(arguments: ["--dry-run=yes"], message: "flag '--dry-run' does not take a value"),
        Bad(arguments: ["extra"], message: "unexpected argument 'extra'"),
    ])
    func badArgumentsExitWithStatus2AndSayWhy(_ bad: Bad) async {
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay"] + bad.arguments, context: CommandContext(environment: environment, output: output))
        #expect(status == 2)
        #expect(output.standardError.contains("payment-relay replay: \(bad.message)\n"), "\(output.standardError)")
        #expect(output.standardOutput.isEmpty)
    }

    @Test func missingBootstrapServersIsAConfigurationErrorWithStatus1() async {
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--dry-run"], context: CommandContext(environment: [:], output: output))
        #expect(status == 1)
        #expect(output.standardError.contains("KAFKA_BOOTSTRAP_SERVERS"))
    }

    @Test func helpExplainsTheOptionsAndWhyReplayIsSafe() async {
        let output = BufferedOutput()
        let status = await CommandLineTool.main(["replay", "--help"], context: CommandContext(environment: [:], output: output))
        #expect(status == 0)
        for text in ["--class <class>", "--failed-before <time>", "--dry-run", "--rate <records/s>", "payment-relay-replay",
                     "keeps its idempotency key", "'duplicate', never a second booking"] {
            #expect(output.standardOutput.contains(text), "help lacks \(text)")
        }
        #expect(CommandLineTool.overview().contains("replay"))
    }
}
