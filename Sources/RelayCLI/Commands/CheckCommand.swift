import Foundation
import Relay
import RelayCore

/// `payment-relay check`: validates the configuration and reaches Kafka and Business Central, one PASS/WARN/FAIL
/// line per check (or one JSON object); exit 1 when any fails (fit for an init container or a deploy pipeline).
/// Read-only unless `--create-journal`.
enum CheckCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "check",
        abstract: "Validate the configuration and reach Kafka and Business Central (PASS/WARN/FAIL per check).",
        discussion: """
        Reads the same environment as 'run' and changes nothing (safe against production). Checks: configuration;
        Kafka metadata for the input, outcome, dead-letter and ledger topics (they exist, and
        \(LedgerTopicRules.partitionRule)); the ledger's cleanup.policy (must include compact) and
        retention.ms (-1, or at least RELAY_LEDGER_RETENTION when cleanup.policy includes delete), read with
        DescribeConfigs (a broker that does not answer gives a warning); Business Central token, company and journal.
        A missing journal is a warning (the worker creates it at its first booking) unless --create-journal, which
        creates it as the worker would.
        Exit status: 0 when nothing failed (warnings allowed), 1 when a check failed, 2 for bad arguments.
        """,
        options: [OptionSpec(long: "timeout", valueName: "duration", help: "Time limit per check.", defaultDescription: "15s"),
                  OutputFormat.option],
        flags: [FlagSpec(long: "create-journal", help: "Create the journal when it is missing (the only change check can make).")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let timeout = try arguments.duration("timeout") ?? .seconds(15)
        let format = try OutputFormat.parse(arguments)
        let report = await run(environment: context.environment, timeout: timeout, createJournal: arguments.flag("create-journal"))
        switch format {
        case .text: context.output.write(report.text)
        case .json: OutputFormat.write(report.json, to: context.output)
        }
        return report.exitStatus
    }

    /// Runs every check; a failed configuration or BC credentials stop the checks that depend on them.
    static func run(environment: [String: String], timeout: Duration, createJournal: Bool) async -> CheckReport {
        var report = CheckReport()
        let settings: RelaySettings
        do {
            settings = try RelaySettings.load(from: environment)
        } catch {
            report.append(CheckResult("configuration", .fail, "\(error)"))
            return report
        }
        report.append(CheckResult("configuration", .pass,
                                  "group \(settings.groupId), journal \(settings.journalCode), company \(settings.companyId.uuidString.lowercased())"))
        checkKafka(settings, timeout: timeout, into: &report)
        await checkBusinessCentral(settings, createJournal: createJournal, into: &report)
        return report
    }
}
