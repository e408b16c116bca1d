import BCSimulator
import Foundation
import Kafka
import RelayCore
import Testing
@testable import RelayCLI

@Suite struct CommandLineToolTests {
    private func run(_ arguments: [String], environment: [String: String] = [:], stdin: [String] = []) async -> (code: Int32, out: String, err: String) {
        let output = BufferedOutput()
        let lines = LineSource(stdin)
        let code = await CommandLineTool.main(arguments, context: CommandContext(environment: environment, output: output, readLine: { lines.next() }))
        return (code, output.standardOutput, output.standardError)
    }

    @Test func keyPrintsTokensForArgumentsAndStdin() async {
        let fromArguments = await run(["key", "order-42", "evt-1"])
        #expect(fromArguments.code == 0)
        #expect(fromArguments.out == "PR-7FWB2NY44E7EZSDE99KESA0WDE47TKEE\nPR-FD09Z4SD5J4EJZRC2XKPS110TFN0VAVE\n")
        let fromStdin = await run(["key"], stdin: ["order-42", "", "evt-1"])
        #expect(fromStdin.out == "PR-7FWB2NY44E7EZSDE99KESA0WDE47TKEE\torder-42\nPR-FD09Z4SD5J4EJZRC2XKPS110TFN0VAVE\tevt-1\n")
    }

    @Test func usageErrorsExitTwoWithAClearMessage() async {
        let unknownCommand = await run(["frobnicate"])
        #expect(unknownCommand.code == 2)
        #expect(unknownCommand.err.contains("unknown command 'frobnicate'"))
        let unknownFlag = await run(["key", "--bogus"])
        #expect(unknownFlag.code == 2)
        #expect(unknownFlag.err.contains("unknown option '--bogus'"))
        let badValue = await run(["mock-kafka", "--brokers", "many"])
        #expect(badValue.code == 2)
        #expect(badValue.err.contains("--brokers"))
        let badTopic = await run(["mock-kafka", "--topic", "nopartitions"])
        #expect(badTopic.code == 2)
        let nothing = await run([])
        #expect(nothing.code == 2)
    }

    @Test func helpExitsZeroForEveryCommand() async {
        let overview = await run(["--help"])
        #expect(overview.code == 0)
        for command in CommandLineTool.commands {
            #expect(overview.out.contains(command.spec.name))
            let help = await run([command.spec.name, "--help"])
            #expect(help.code == 0, "\(command.spec.name) --help")
            #expect(help.out.contains(command.spec.abstract))
        }
    }

    @Test func runAndCheckRefuseBadConfigurationNamingTheSetting() async {
        let missing = await run(["run"], environment: [:])
        #expect(missing.code == 1)
        #expect(missing.err.contains("KAFKA_BOOTSTRAP_SERVERS"))
        let env = ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1", "BC_API_URL": "http://bc.example/api/v2.0", "BC_TOKEN_URL": "https://login.example/token",
                   "BC_CLIENT_ID": "c", "BC_CLIENT_SECRET": "s", "BC_COMPANY_ID": "5d115c9c-44e3-ea11-bb43-000d3a2feba0"]
        let insecure = await run(["check"], environment: env)
        #expect(insecure.code == 1)
        #expect(insecure.out.contains("FAIL  configuration"))
        #expect(insecure.out.contains("BC_API_URL"))
    }

    @Test func checkPassesAgainstAReachableKafkaAndBC() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        for topic in ["payments.received", "payments.ledger"] { try cluster.createTopic(topic, partitions: 3) }
        try cluster.createTopic("payments.outcomes", partitions: 1)
        let simulator = BusinessCentralSimulator(configuration: .demo(), logger: .disabled)
        try simulator.start()
        defer { simulator.stop() }
        var env = ["KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrapServers, "BC_API_URL": simulator.baseURL.absoluteString,
                   "BC_TOKEN_URL": simulator.tokenURL.absoluteString, "BC_ALLOW_HTTP": "true",
                   "BC_CLIENT_ID": SimulatorConfiguration.demo().clientId, "BC_CLIENT_SECRET": SimulatorConfiguration.demo().clientSecret,
                   "BC_COMPANY_ID": SimulatorConfiguration.DemoIDs.cronusCompany.uuidString, "RELAY_DLQ_TOPIC": "missing.dlq"]
        try cluster.createTopic("small.ledger", partitions: 1)
        env["RELAY_LEDGER_TOPIC"] = "small.ledger"
        // The mock cluster never answers DescribeConfigs: a short timeout keeps the wait short.
        let failing = await run(["check", "--timeout", "2s"], environment: env)
        #expect(failing.code == 1)
        #expect(failing.out.contains("FAIL  kafka dead-letter topic      missing.dlq does not exist"))
        #expect(failing.out.contains("FAIL  kafka partition counts       ledger small.ledger has 1 partitions, input payments.received has 3: "
                                     + "the ledger topic needs at least as many partitions as the input topic"))
        #expect(failing.out.contains("WARN  kafka ledger cleanup.policy  unknown (broker did not answer DescribeConfigs: _TIMED_OUT"))
        #expect(failing.out.contains("WARN  kafka ledger retention.ms    unknown (broker did not answer DescribeConfigs: _TIMED_OUT"))
        #expect(failing.out.contains("PASS  bc token"))
        #expect(failing.out.contains("PASS  bc company"))
        #expect(failing.out.contains("WARN  bc journal                   RELAY does not exist"))

        env["RELAY_LEDGER_TOPIC"] = "payments.ledger"
        env["RELAY_DLQ_TOPIC"] = "payments.outcomes.dlq"
        try cluster.createTopic("payments.outcomes.dlq", partitions: 1)
        let passing = await run(["check", "--timeout", "2s"], environment: env)
        #expect(passing.code == 0, "\(passing.out)")
        #expect(!passing.out.contains("FAIL"))
        #expect(passing.out.contains("PASS  kafka partition counts       ledger 3 ≥ input 3 (the ledger topic needs at least as many"))

        env["BC_CLIENT_SECRET"] = "wrong"
        let badSecret = await run(["check", "--timeout", "2s"], environment: env)
        #expect(badSecret.code == 1)
        #expect(badSecret.out.contains("FAIL  bc token"))
        #expect(!badSecret.out.contains("wrong"))
    }

    @Test func checkIsReadOnlyUnlessAskedToCreateTheJournalAndPrintsOneJSONObject() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        for topic in ["payments.received", "payments.ledger", "payments.outcomes", "payments.received.dlq"] {
            try cluster.createTopic(topic, partitions: 2)
        }
        let simulator = BusinessCentralSimulator(configuration: .demo(), logger: .disabled)
        try simulator.start()
        defer { simulator.stop() }
        let company = SimulatorConfiguration.DemoIDs.cronusCompany
        let env = ["KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrapServers, "BC_API_URL": simulator.baseURL.absoluteString,
                   "BC_TOKEN_URL": simulator.tokenURL.absoluteString, "BC_ALLOW_HTTP": "true",
                   "BC_CLIENT_ID": SimulatorConfiguration.demo().clientId, "BC_CLIENT_SECRET": SimulatorConfiguration.demo().clientSecret,
                   "BC_COMPANY_ID": company.uuidString]
        func relayJournals() -> [String] { simulator.journals(company: company).map(\.code).filter { $0 == "RELAY" } }

        let json = await run(["check", "--timeout", "1s", "--output", "json"], environment: env)
        #expect(json.code == 0, "\(json.out)")
        #expect(relayJournals().isEmpty, "check without --create-journal creates nothing")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [String: Any])
        #expect(json.out.hasSuffix("}\n") && json.out.filter { $0 == "\n" }.count == 1, "one JSON object on one line")
        #expect(object["ok"] as? Bool == true)
        #expect(object["version"] as? String == RelayVersion.current)
        let checks = try #require(object["checks"] as? [[String: Any]])
        let journal = try #require(checks.first { $0["name"] as? String == "bc journal" })
        #expect(journal["status"] as? String == "warn")
        #expect(checks.first { $0["name"] as? String == "kafka ledger cleanup.policy" }?["status"] as? String == "warn")
        #expect((object["counts"] as? [String: Any])?["fail"] as? Int == 0)

        let creating = await run(["check", "--timeout", "1s", "--create-journal"], environment: env)
        #expect(creating.code == 0, "\(creating.out)")
        #expect(creating.out.contains("PASS  bc journal                   RELAY ("))
        #expect(relayJournals() == ["RELAY"])
        let again = await run(["check", "--timeout", "1s"], environment: env)
        #expect(again.out.contains("PASS  bc journal                   RELAY ("), "\(again.out)")
        #expect(await run(["check", "--output", "yaml"], environment: env).code == 2)
    }

    @Test func versionIsPrintedByTheToolAndEveryCommand() async {
        let expected = "payment-relay \(RelayVersion.current)\n"
        let tool = await run(["--version"])
        #expect(tool.code == 0)
        #expect(tool.out == expected)
        for command in CommandLineTool.commands {
            // Even with other options that would need Kafka or BC: nothing runs.
            let result = await run([command.spec.name, "--version"])
            #expect(result.code == 0, "\(command.spec.name) --version")
            #expect(result.out == expected, "\(command.spec.name) --version")
            let help = await run([command.spec.name, "--help"])
            #expect(help.out.contains("--version"), "\(command.spec.name) --help lists --version")
        }
        #expect(RelayVersion.current.split(separator: ".").count == 3)
    }

    @Test(.timeLimit(.minutes(2)))
    func demoBooksTheSampleAndExitsZero() async {
        let result = await run(["demo"])
        #expect(result.code == 0, "\(result.out)\n\(result.err)")
        #expect(result.out.contains("Counts: 12 events, 12 outcomes — created 6, duplicate 1, rejected 5, failed 0; 5 dead letters; 6 BC lines."))
        #expect(result.out.contains("Invariants hold"))
    }
}

/// Feeds lines to a command as standard input.
final class LineSource: Sendable {
    private let lines: Mutex<[String]>
    init(_ lines: [String]) { self.lines = Mutex(lines) }
    func next() -> String? { lines.withLock { $0.isEmpty ? nil : $0.removeFirst() } }
}

import Synchronization
