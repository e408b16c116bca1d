import Foundation
import Relay
import RelayCore

/// `payment-relay reconcile`: for a period, compares the outcome topic with Business Central's journal lines by
/// token and prints what disagrees; exit 1 on any disagreement. Reads only.
enum ReconcileCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "reconcile",
        abstract: "Compare the outcomes of a period with Business Central's journal lines (exit 1 on any disagreement).",
        discussion: """
        Reads the same environment as 'run' and changes nothing: the outcome topic (RELAY_OUTCOME_TOPIC) with a private
        consumer (no group, nothing committed), from a day before --from to its end, and every unposted line of the
        journal (BC_JOURNAL_CODE, in BC_COMPANY_ID and each of BC_ALLOWED_COMPANY_IDS). Outcomes 'created' or
        'duplicate' processed in the period are matched to lines by token (externalDocumentNumber). Reported:
          MISMATCH              an outcome and its line differ in amount (BC stores a payment as a negative amount),
                                customer number, customer id or line id;
          LINE WITHOUT OUTCOME  a line with a relay token, modified in the period, for which no outcome says booked;
          BOOKED TWICE          one token on several lines;
          OUTCOME WITHOUT LINE  no line has the token and no posted entry has the outcome's document number, while
                                RELAY_TOKEN_DOCUMENT_NUMBERS is on (BC then keeps the relay's document numbers);
          NOT IN JOURNAL        no line has the token and it cannot be told whether it was posted or is missing (no
                                document number, or RELAY_TOKEN_DOCUMENT_NUMBERS off): a disagreement only with --strict.
        Outcomes found posted (generalLedgerEntries by document number) agree; their amounts are not compared.
        Times are RFC 3339 (2026-03-01T00:00:00Z) or dates (UTC): --from 2026-03-01 --to 2026-03-31 covers all of March.
        The outcome topic's retention must cover the period. Lines posted while the journal is read may be missed:
        reconcile a journal nobody is posting, or run again.
        Exit status: 0 when everything agrees, 1 on any disagreement or when a side cannot be read, 2 for bad arguments.
        """,
        options: [
            OptionSpec(long: "from", valueName: "time", help: "Start of the period (inclusive): RFC 3339 time or YYYY-MM-DD."),
            OptionSpec(long: "to", valueName: "time", help: "End of the period (exclusive; a date includes that whole day).",
                       defaultDescription: "now"),
            OptionSpec(long: "timeout", valueName: "duration", help: "Time limit for reading the outcome topic.", defaultDescription: "10m"),
            OutputFormat.option,
        ],
        flags: [FlagSpec(long: "strict", help: "Count outcomes not in the journal (posted or missing) as disagreements.")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let format = try OutputFormat.parse(arguments)
        let period = try period(arguments, now: Date())
        let strict = arguments.flag("strict")
        let timeout = try arguments.duration("timeout") ?? .seconds(600)
        let settings = try RelaySettings.load(from: context.environment)
        let reconciliation = try await Reconciler(settings: settings, readTimeout: timeout).run(period: period)
        switch format {
        case .text: context.output.write(ReconciliationText.render(reconciliation, strict: strict))
        case .json: OutputFormat.write(reconciliation.json(strict: strict), to: context.output)
        }
        return reconciliation.disagreements(strict: strict) == 0 ? 0 : 1
    }

    /// The period from `--from` (required) and `--to` (default `now`).
    /// - Throws: ``UsageError`` naming the option.
    static func period(_ arguments: ParsedArguments, now: Date) throws(UsageError) -> ReconciliationPeriod {
        guard let fromText = arguments.option("from") else { throw UsageError("missing option '--from'") }
        let from = try bound(fromText, option: "from", isEnd: false)
        let to = try arguments.option("to").map { text throws(UsageError) in try bound(text, option: "to", isEnd: true) } ?? now
        guard from < to else { throw UsageError("option '--from' must be earlier than '--to'") }
        return ReconciliationPeriod(from: from, to: to)
    }

    /// An RFC 3339 time, or a date meaning its start (UTC), or for the end of the period the start of the next day.
    static func bound(_ text: String, option: String, isEnd: Bool) throws(UsageError) -> Date {
        if let date = ArgumentValue.date(text) { return date }
        if CalendarParsing.date(text) != nil, let day = CalendarParsing.timestamp(text + "T00:00:00Z")?.instant {
            return isEnd ? day.addingTimeInterval(86_400) : day
        }
        throw UsageError("option '--\(option)' expects an RFC 3339 time such as 2026-03-01T00:00:00Z or a date such as 2026-03-01, got '\(text)'")
    }
}
