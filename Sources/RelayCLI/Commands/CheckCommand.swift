import BusinessCentral
import Foundation
import Kafka
import Relay
import Telemetry

/// `payment-relay check`: validates the configuration and reaches Kafka and Business Central, one PASS/FAIL line
/// per check; exit 1 when any fails (fit for an init container or a deploy pipeline).
enum CheckCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Validate the configuration and reach Kafka and Business Central (PASS/FAIL per check).",
        discussion: """
        Reads the same environment as 'run'. Checks: configuration; Kafka metadata for the input, outcome, dead-letter
        and ledger topics (they exist; the ledger has at least as many partitions as the input); Business Central
        token, company and journal (the journal is created when missing, as the worker would). Exit 0 when all pass.
        """,
        options: [OptionSpec(long: "timeout", valueName: "duration", help: "Time limit per check.", defaultDescription: "15s")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let timeout = try arguments.duration("timeout") ?? .seconds(15)
        let out = context.output
        var failures = 0
        func report(_ ok: Bool, _ name: String, _ detail: String) {
            out.line("\(ok ? "PASS" : "FAIL")  \(name.padding(toLength: 28, withPad: " ", startingAt: 0)) \(detail)")
            if !ok { failures += 1 }
        }
        let settings: RelaySettings
        do {
            settings = try RelaySettings.load(from: context.environment)
            report(true, "configuration", "group \(settings.groupId), journal \(settings.journalCode), company \(settings.companyId.uuidString.lowercased())")
        } catch {
            report(false, "configuration", "\(error)")
            return 1
        }

        let topics = [("input", settings.inputTopic), ("outcome", settings.outcomeTopic), ("dead-letter", settings.deadLetterTopic), ("ledger", settings.ledgerTopic)]
        do {
            let producer = try KafkaProducer(configuration: settings.kafka, logger: .disabled)
            defer { producer.close(timeout: .seconds(1)) }
            let counts = try producer.partitionCounts(topics: topics.map(\.1), timeout: timeout)
            for (role, topic) in topics {
                if let count = counts[topic] {
                    report(true, "kafka \(role) topic", "\(topic): \(count) partitions")
                } else {
                    report(false, "kafka \(role) topic", "\(topic) does not exist")
                }
            }
            if let input = counts[settings.inputTopic], let ledger = counts[settings.ledgerTopic] {
                report(ledger >= input, "kafka partition counts", ledger >= input
                       ? "ledger \(ledger) ≥ input \(input)"
                       : "ledger \(settings.ledgerTopic) has \(ledger) partitions, fewer than input \(settings.inputTopic) (\(input))")
            }
        } catch {
            report(false, "kafka metadata", "\(error)")
        }

        do {
            let client = try BusinessCentralClient(configuration: settings.businessCentral,
                                                   transport: URLSessionTransport(maximumConnectionsPerHost: 2), logger: .disabled)
            // Basic (on-premises) has no token: the check is one authenticated GET.
            let isBasic = settings.businessCentral.authentication.isBasic
            let what = isBasic ? "bc credentials" : "bc token"
            do {
                try await client.checkToken()
                report(true, what, isBasic ? "accepted by \(settings.businessCentral.apiBaseURL.host ?? "BC")"
                                           : "obtained from \(settings.businessCentral.tokenURL.host ?? "token endpoint")")
            } catch {
                report(false, what, "\(error)")
                return 1
            }
            do {
                let company = try await client.company(id: settings.companyId)
                report(true, "bc company", "\(company.name)")
            } catch {
                report(false, "bc company", "\(error)")
            }
            do {
                let journal = try await client.journal(code: settings.journalCode, displayName: settings.journalDisplayName, companyId: settings.companyId)
                report(true, "bc journal", "\(journal.code) (\(journal.id.uuidString.lowercased()))")
            } catch {
                report(false, "bc journal", "\(error)")
            }
        } catch {
            report(false, "bc client", "\(error)")
        }
        return failures == 0 ? 0 : 1
    }
}
