import BCSimulator
import BusinessCentral
import Foundation
import Kafka
import Relay
@testable import RelayCLI
import RelayCore
import Testing

@Suite(.timeLimit(.minutes(1)))
struct ReconcileCommandTests {
    private func run(_ arguments: [String], environment: [String: String] = [:]) async -> (code: Int32, out: String, err: String) {
        let output = BufferedOutput()
        let code = await CommandLineTool.main(["reconcile"] + arguments, context: CommandContext(environment: environment, output: output))
        return (code, output.standardOutput, output.standardError)
    }

    private func period(_ arguments: [String], now: Date = Date(timeIntervalSince1970: 1_780_000_000)) throws -> ReconciliationPeriod {
        try ReconcileCommand.period(ArgumentParser.parse(arguments, spec: ReconcileCommand.spec), now: now)
    }

    @Test func datesCoverWholeDaysAndTimesAreExact() throws {
        let march = try period(["--from", "2026-03-01", "--to", "2026-03-31"])
        #expect(march.from == Date(timeIntervalSince1970: 1_772_323_200))
        #expect(march.to == Date(timeIntervalSince1970: 1_772_323_200 + 31 * 86_400), "--to a date includes that day")
        let exact = try period(["--from", "2026-03-01T12:00:00+01:00", "--to", "2026-03-01T12:30:00Z"])
        #expect(exact.from == Date(timeIntervalSince1970: 1_772_362_800))
        #expect(exact.to == Date(timeIntervalSince1970: 1_772_368_200))
        #expect(try period(["--from", "2026-03-01"]).to == Date(timeIntervalSince1970: 1_780_000_000), "--to defaults to now")
    }

    @Test(arguments: [
        (["--to", "2026-03-31"], "missing option '--from'"),
        (["--from", "March"], "option '--from' expects an RFC 3339 time such as 2026-03-01T00:00:00Z or a date such as 2026-03-01, got 'March'"),
        (["--from", "2026-02-30"], "option '--from' expects an RFC 3339 time such as 2026-03-01T00:00:00Z or a date such as 2026-03-01, got '2026-02-30'"),
        (["--from", "2026-03-02", "--to", "2026-03-01"], "option '--from' must be earlier than '--to'"),
        (["--from", "2026-03-01", "--output", "csv"], "option '--output' expects text or json, got 'csv'"),
        (["--from", "2026-03-01", "--strict=yes"], "flag '--strict' does not take a value"),
    ])
    func badArgumentsExitWithStatus2(_ arguments: [String], _ message: String) async {
        let result = await run(arguments, environment: ["KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"])
        #expect(result.code == 2)
        #expect(result.err.contains("payment-relay reconcile: \(message)\n"), "\(result.err)")
        #expect(result.out.isEmpty)
    }

    @Test func aLineWithoutOutcomeFailsUntilItsOutcomeArrives() async throws {
        let cluster = try MockKafkaCluster(brokers: 1)
        for topic in ["payments.received", "payments.ledger", "payments.received.dlq"] { try cluster.createTopic(topic, partitions: 1) }
        try cluster.createTopic("payments.outcomes", partitions: 2)
        let simulator = BusinessCentralSimulator(configuration: .demo(), logger: .disabled)
        try simulator.start()
        defer { simulator.stop() }
        let company = SimulatorConfiguration.DemoIDs.cronusCompany
        let demo = SimulatorConfiguration.demo()
        let env = ["KAFKA_BOOTSTRAP_SERVERS": cluster.bootstrapServers, "KAFKA_FETCH_WAIT_MAX_MS": "20",
                   "BC_API_URL": simulator.baseURL.absoluteString, "BC_TOKEN_URL": simulator.tokenURL.absoluteString, "BC_ALLOW_HTTP": "true",
                   "BC_CLIENT_ID": demo.clientId, "BC_CLIENT_SECRET": demo.clientSecret, "BC_COMPANY_ID": company.uuidString]
        let from = TimestampText.rfc3339(Date().addingTimeInterval(-3600))

        let empty = await run(["--from", from], environment: env)
        #expect(empty.code == 0, "\(empty.out)\(empty.err)")
        #expect(empty.out.contains("OK: outcomes and Business Central agree"))
        #expect(empty.out.contains("note: journal RELAY does not exist in company \(company.uuidString.lowercased())"))

        let client = try BusinessCentralClient(configuration: BusinessCentralConfiguration(
            apiBaseURL: simulator.baseURL, allowInsecureHTTP: true, tokenURL: simulator.tokenURL, clientId: demo.clientId,
            clientSecret: Secret(demo.clientSecret)), transport: URLSessionTransport(maximumConnectionsPerHost: 1), logger: .disabled)
        let journal = try await client.journal(code: "RELAY", displayName: "Relay", companyId: company)
        let event = PaymentEvent(eventId: "e1", customerNumber: "C10000", amount: Amount(minorUnits: 4_200)!)
        let draft = PaymentTransform(today: { "2026-03-02" }).request(for: event)
        let line = try await client.createCustomerPayment(CustomerPaymentCreate(draft), journalId: journal.id, companyId: company)

        let failing = await run(["--from", from, "--output", "json"], environment: env)
        #expect(failing.code == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(failing.out.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect((object["counts"] as? [String: Int])?["linesWithoutOutcome"] == 1)
        let text = await run(["--from", from], environment: env)
        #expect(text.code == 1)
        #expect(text.out.contains("LINE WITHOUT OUTCOME  \(event.token.value) line \(line.lineNumber) (-42, customer C10000)"), "\(text.out)")
        #expect(text.out.contains("DISAGREEMENTS: 1"))

        let outcome = PaymentOutcome(eventId: "e1", idempotencyKey: "e1", status: .created, customerPaymentId: line.id, journalCode: "RELAY",
                                     bcToken: event.token.value, amount: event.amount, attempts: 1, error: nil,
                                     source: SourcePosition(topic: "payments.received", partition: 0, offset: 0), processedAt: Date(),
                                     customerNumber: "C10000")
        let producer = try KafkaProducer(configuration: KafkaConfiguration(bootstrapServers: cluster.bootstrapServers), logger: .disabled)
        defer { producer.close(timeout: .seconds(2)) }
        _ = try await producer.send(ProducerRecord(topic: "payments.outcomes", key: Array("e1".utf8), value: outcome.jsonBytes()))
        let agreeing = await run(["--from", from, "--strict"], environment: env)
        #expect(agreeing.code == 0, "\(agreeing.out)")
        #expect(agreeing.out.contains("agreed 1, posted 0, mismatches 0"))
    }
}

/// RFC 3339 text for command lines in tests.
private enum TimestampText {
    static func rfc3339(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
