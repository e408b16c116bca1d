import BCSimulator
import BusinessCentral
import Foundation
import Kafka
import Relay
import RelayCore
import Telemetry

/// `payment-relay demo`: the main job on its embedded default, fully offline.
enum DemoCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "demo",
        abstract: "Offline demo: mock Kafka + BC simulator in-process, sample events, the relay, a report.",
        discussion: """
        Starts librdkafka's mock cluster and the Business Central simulator in this process, publishes a realistic
        sample of payment events (including a redelivered webhook, a malformed payload and an unknown customer), injects
        two BC faults (a create whose response is lost after BC committed it, and a 429), runs the relay until every
        event has an outcome, and prints events → outcome → BC line, the dead letters with their reasons, and the
        counts. Exits 0 when every event has exactly one outcome and no payment was booked twice.
        """,
        options: [OptionSpec(long: "timeout", valueName: "duration", help: "Give up after this long.", defaultDescription: "45s")],
        flags: [FlagSpec(long: "verbose", short: "v", help: "Show the relay's log lines (text) on stderr.")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let timeout = try arguments.duration("timeout") ?? .seconds(45)
        let out = context.output
        let logger = Logger(label: "demo", minimumLevel: arguments.flag("verbose") ? .info : .error, sink: StreamLogSink(format: .text))

        let cluster = try MockKafkaCluster(brokers: 1)
        let topics = (input: "payments.received", outcomes: "payments.outcomes", dlq: "payments.received.dlq", ledger: "payments.ledger")
        try cluster.createTopic(topics.input, partitions: 4)
        try cluster.createTopic(topics.ledger, partitions: 4)
        try cluster.createTopic(topics.outcomes, partitions: 2)
        try cluster.createTopic(topics.dlq, partitions: 2)

        var simulatorConfiguration = SimulatorConfiguration.demo()
        simulatorConfiguration.lineNumberRaceWindow = .zero
        let simulator = BusinessCentralSimulator(configuration: simulatorConfiguration, logger: logger.labelled("simulator"))
        try simulator.start()
        defer { simulator.stop() }
        simulator.enqueueFaults([.commitThenDrop, .tooManyRequests(retryAfter: 1)], target: .creates)

        out.line("payment-relay demo — Kafka mock cluster at \(cluster.bootstrapServers), BC simulator at \(simulator.baseURL.absoluteString)")
        out.line("Publishing \(DemoEvents.all.count) payment events to \(topics.input).")
        out.line("BC will drop the connection after the first create (committed or not) and answer the second with 429.")
        out.line("")

        let kafka = KafkaConfiguration(bootstrapServers: cluster.bootstrapServers, properties: [
            "fetch.wait.max.ms": "50", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500",
        ])
        let producer = try KafkaProducer(configuration: kafka, logger: logger.labelled("kafka"))
        for sample in DemoEvents.all {
            _ = try await producer.send(ProducerRecord(topic: topics.input, partition: nil, key: Array(sample.key.utf8), value: Array(sample.json.utf8), headers: []))
        }
        producer.close(timeout: .seconds(2))

        let settings = RelaySettings(
            kafka: kafka, groupId: "payment-relay-demo", inputTopic: topics.input, outcomeTopic: topics.outcomes,
            deadLetterTopic: topics.dlq, ledgerTopic: topics.ledger,
            businessCentral: BusinessCentralConfiguration(
                apiBaseURL: simulator.baseURL, allowInsecureHTTP: true, tokenURL: simulator.tokenURL,
                clientId: simulatorConfiguration.clientId, clientSecret: Secret(simulatorConfiguration.clientSecret),
                requestTimeout: .seconds(2)),
            companyId: SimulatorConfiguration.DemoIDs.cronusCompany, journalCode: "RELAY", companyCurrency: "USD", defaultCurrency: "USD",
            retry: RetryPolicy(maxAttempts: 5, maxElapsed: .seconds(30), baseDelay: .milliseconds(100), maxDelay: .seconds(2)),
            shutdownTimeout: .seconds(5), httpHost: "127.0.0.1", httpPort: 0, logLevel: logger.minimumLevel, logFormat: .text)
        let service = try RelayService(settings: settings, logger: logger.labelled("relay"))
        let running = Task { try await service.run() }

        var outcomes: [KafkaRecord] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            outcomes = try TopicSnapshot.read(topic: topics.outcomes, kafka: kafka)
            if outcomes.count >= DemoEvents.all.count { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        service.stop()
        try await running.value
        let deadLetters = try TopicSnapshot.read(topic: topics.dlq, kafka: kafka)
        let report = DemoReport(samples: DemoEvents.all, outcomes: outcomes, deadLetters: deadLetters, lines: simulator.lines())
        out.write(report.render())
        withExtendedLifetime(cluster) {}
        return report.invariantsHold ? 0 : 1
    }
}
