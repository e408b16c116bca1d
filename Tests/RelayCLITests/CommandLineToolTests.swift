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
        let failing = await run(["check"], environment: env)
        #expect(failing.code == 1)
        #expect(failing.out.contains("FAIL  kafka dead-letter topic      missing.dlq does not exist"))
        #expect(failing.out.contains("FAIL  kafka partition counts"))
        #expect(failing.out.contains("PASS  bc token"))
        #expect(failing.out.contains("PASS  bc company"))
        #expect(failing.out.contains("PASS  bc journal"))

        env["RELAY_LEDGER_TOPIC"] = "payments.ledger"
        env["RELAY_DLQ_TOPIC"] = "payments.outcomes.dlq"
        try cluster.createTopic("payments.outcomes.dlq", partitions: 1)
        let passing = await run(["check"], environment: env)
        #expect(passing.code == 0, "\(passing.out)")
        #expect(!passing.out.contains("FAIL"))

        env["BC_CLIENT_SECRET"] = "wrong"
        let badSecret = await run(["check"], environment: env)
        #expect(badSecret.code == 1)
        #expect(badSecret.out.contains("FAIL  bc token"))
        #expect(!badSecret.out.contains("wrong"))
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
