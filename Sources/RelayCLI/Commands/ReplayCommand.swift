import Foundation
import Kafka
import Relay
import RelayCore
import Telemetry

/// `payment-relay replay`: re-publishes dead letters to the input topic so the relay books them, safely.
enum ReplayCommand: RelayCommand {
    static let spec = CommandSpec(
        name: "replay",
        abstract: "Re-publish dead letters to the input topic so the relay books them.",
        discussion: """
        Reads RELAY_DLQ_TOPIC (default payments.received.dlq) in its own consumer group, from where the last replay
        stopped (the beginning the first time) up to the end as it is when the replay starts, and re-publishes each
        selected dead letter to RELAY_INPUT_TOPIC (default payments.received) on its original partition: the original
        key, value and headers without the relay.* ones, plus relay.replay.of (<dlq topic>/<partition>/<offset>),
        relay.replay.original (<original topic>/<partition>/<offset>) and relay.replayed.at. A record's position is
        committed only after the broker acknowledged its replay, so an interrupted replay (SIGINT/SIGTERM, --limit)
        resumes where it stopped. Records the filters do not select are NOT committed past: in each partition the
        group's position stays at the first one skipped, so a later replay in the group (with another filter) still
        sees them, and reads again the records replayed after it (replaying them again is harmless, see below).
        --skip-unmatched passes them over for good instead. Records without relay headers (not dead letters of this
        relay) are always passed over. Kafka settings: KAFKA_BOOTSTRAP_SERVERS and KAFKA_* as for run.

        Why it is safe: a replayed event keeps its idempotency key, so if the original was in fact booked (for
        example a 'failed' after an unknown outcome) the relay's ledger or its Business Central look-up makes it a
        'duplicate', never a second booking. Replaying a record twice is the same harmless duplicate.

        Filters (all given must hold; a repeated option matches any of its values): partitions and offsets are those
        of the original input record; --failed-after is inclusive, --failed-before exclusive.
        Exit status: 0 when done (or stopped cleanly), 1 when a record could not be re-published or the final commit
        failed, 2 for bad arguments.
        """,
        options: [
            OptionSpec(long: "class", valueName: "class", help: "Error class (relay.error.class): \(FailureClass.all.map(\.rawValue).joined(separator: ", ")).",
                       isRepeatable: true),
            OptionSpec(long: "code", valueName: "code", help: "Error code (relay.error.code), e.g. Internal_ServerError.", isRepeatable: true),
            OptionSpec(long: "event-id", valueName: "id", help: "Event id (relay.event.id).", isRepeatable: true),
            OptionSpec(long: "partition", valueName: "n", help: "Original input partition (relay.original.partition).", isRepeatable: true),
            OptionSpec(long: "offsets", valueName: "from-to", help: "Original input offset range, inclusive: 100-200, 100- or -200."),
            OptionSpec(long: "failed-after", valueName: "time", help: "Only dead letters with relay.failed.at at or after this RFC 3339 time."),
            OptionSpec(long: "failed-before", valueName: "time", help: "Only dead letters with relay.failed.at before this RFC 3339 time."),
            OptionSpec(long: "limit", valueName: "n", help: "Stop after n records replayed (listed, with --dry-run); run again to continue."),
            OptionSpec(long: "rate", valueName: "records/s", help: "At most this many records published per second.", defaultDescription: "no cap"),
            OptionSpec(long: "group", valueName: "id", help: "The replay's consumer group.", defaultDescription: DeadLetterReplayConfiguration.defaultGroupId),
            OutputFormat.option,
        ],
        flags: [FlagSpec(long: "dry-run", help: "List what would be replayed; publish nothing, commit nothing."),
                FlagSpec(long: "skip-unmatched", help: "Commit past records the filters skip, so this group never sees them again.")]
    )

    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32 {
        let format = try OutputFormat.parse(arguments)
        let configuration = try configuration(arguments, environment: context.environment)
        let output = context.output
        let logger = Logger(label: "replay", minimumLevel: .warning, sink: OutputLogSink(output: output))
        let replayer = DeadLetterReplayer(configuration: configuration, logger: logger)
        context.onTerminationSignal { replayer.stop() }
        output.errorLine("replay: \(configuration.dryRun ? "dry run over" : "replaying") \(configuration.deadLetterTopic) → \(configuration.inputTopic) (group \(configuration.groupId))")
        let summary = try await replayer.run { progress in output.errorLine("replay: " + describe(progress)) }
        if format == .json {
            OutputFormat.write(json(summary, configuration: configuration), to: output)
            return exitStatus(summary)
        }
        if configuration.dryRun { list(summary.candidates, to: output) }
        return report(summary, configuration: configuration, to: output)
    }

    /// 1 when a record could not be re-published or the final commit failed, else 0.
    static func exitStatus(_ summary: ReplaySummary) -> Int32 {
        if case .failed = summary.ending { return 1 }
        return summary.commitError == nil ? 0 : 1
    }

    /// The replay configuration from the environment and the command line.
    /// - Throws: ``UsageError`` for bad option values, `ConfigurationError` for bad or missing settings.
    static func configuration(_ arguments: ParsedArguments, environment: [String: String]) throws -> DeadLetterReplayConfiguration {
        let filter = try filter(arguments)
        let limit = try arguments.int("limit")
        if let limit, limit <= 0 { throw UsageError("option '--limit' must be a positive integer, got \(limit)") }
        var rate: Double?
        if let text = arguments.option("rate") {
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw UsageError("option '--rate' expects a positive number of records per second, got '\(text)'")
            }
            rate = value
        }
        let group = arguments.option("group") ?? DeadLetterReplayConfiguration.defaultGroupId
        guard !group.trimmingCharacters(in: .whitespaces).isEmpty else { throw UsageError("option '--group' must not be empty") }
        let reader = EnvironmentReader(environment)
        return DeadLetterReplayConfiguration(
            kafka: try reader.kafkaConfiguration(),
            deadLetterTopic: try reader.topic("RELAY_DLQ_TOPIC", default: "payments.received.dlq"),
            inputTopic: try reader.topic("RELAY_INPUT_TOPIC", default: "payments.received"),
            groupId: group, filter: filter, dryRun: arguments.flag("dry-run"), skipUnmatched: arguments.flag("skip-unmatched"),
            limit: limit, maxRecordsPerSecond: rate)
    }

    private static func filter(_ arguments: ParsedArguments) throws -> DeadLetterFilter {
        var partitions: Set<Int32> = []
        for text in arguments.options("partition") {
            guard let partition = Int32(text), partition >= 0 else {
                throw UsageError("option '--partition' expects a partition number (0 or more), got '\(text)'")
            }
            partitions.insert(partition)
        }
        let offsets = try arguments.int64Range("offsets")
        let after = try arguments.date("failed-after"), before = try arguments.date("failed-before")
        if let after, let before, after >= before {
            throw UsageError("option '--failed-after' must be earlier than '--failed-before'")
        }
        for name in ["class", "code", "event-id"] where arguments.options(name).contains(where: \.isEmpty) {
            throw UsageError("option '--\(name)' must not be empty")
        }
        let classes = Set(FailureClass.all.map(\.rawValue))
        if let unknown = arguments.options("class").first(where: { !classes.contains($0.lowercased()) }) {
            // A misspelt class would select nothing and, without --skip-unmatched, hold every partition at its start.
            throw UsageError("option '--class' expects one of \(FailureClass.all.map(\.rawValue).joined(separator: ", ")), got '\(unknown)'")
        }
        return DeadLetterFilter(errorClasses: Set(arguments.options("class")), errorCodes: Set(arguments.options("code")),
                                eventIds: Set(arguments.options("event-id")), originalPartitions: partitions,
                                originalOffsetFrom: offsets?.lower, originalOffsetTo: offsets?.upper, failedAfter: after, failedBefore: before)
    }

    /// `scanned 120/500, matched 30, replayed 30, skipped 90, 12.0 records/s`.
    static func describe(_ progress: ReplayProgress) -> String {
        "scanned \(progress.scanned)/\(progress.total), matched \(progress.matched), replayed \(progress.replayed), "
            + "skipped \(progress.skipped), \(String(format: "%.1f", progress.ratePerSecond)) records/s"
    }

    /// The dry run's list, tab-separated with a header row.
    private static func list(_ candidates: [ReplayCandidate], to output: any CommandOutput) {
        output.line(["dlq-partition/offset", "event-id", "class", "code", "failed-at", "message"].joined(separator: "\t"))
        for candidate in candidates {
            let letter = candidate.deadLetter
            let message = (letter.errorMessage ?? "").map { $0.isNewline || $0 == "\t" ? " " : $0 }
            output.line(["\(candidate.partition)/\(candidate.offset)", letter.eventId ?? "-", letter.errorClass, letter.errorCode ?? "-",
                         letter.failedAtText ?? "-", String(message)].joined(separator: "\t"))
        }
    }

    /// Prints the summary; returns the exit status.
    private static func report(_ summary: ReplaySummary, configuration: DeadLetterReplayConfiguration, to output: any CommandOutput) -> Int32 {
        let counts = summary.progress
        let seconds = Double(counts.elapsed.components.seconds) + Double(counts.elapsed.components.attoseconds) / 1e18
        if summary.dryRun {
            output.line("dry run: \(counts.matched) of \(counts.scanned) dead letters scanned would be replayed (nothing published, nothing committed)")
        } else {
            output.line("replayed \(counts.replayed) of \(counts.scanned) dead letters scanned (matched \(counts.matched), skipped \(counts.skipped)) "
                        + "in \(String(format: "%.1f", seconds)) s, \(String(format: "%.1f", counts.ratePerSecond)) records/s")
        }
        if !summary.dryRun, !summary.firstSkipped.isEmpty {
            let positions = summary.firstSkipped.sorted { $0.key < $1.key }.map { "\($0.key.partition)/\($0.value)" }.joined(separator: ", ")
            output.line("not committed past the first skipped record of each partition (\(positions)): a later run in group "
                        + "\(configuration.groupId) starts there and sees the skipped records"
                        + (counts.heldBack > 0 ? ", and replays again the \(counts.heldBack) replayed after them (harmless duplicates)" : "")
                        + "; --skip-unmatched passes skipped records over for good")
        }
        var status: Int32 = 0
        switch summary.ending {
        case .completed: output.line("completed: every dead letter up to the end at the start was handled")
        case .limitReached: output.line("stopped at the limit of \(configuration.limit ?? 0); run again to continue")
        case .stopped: output.line("interrupted; what was replayed is committed; run again to resume")
        case let .failed(reason):
            output.line("failed: \(reason); run again to retry from that record")
            status = 1
        }
        if let commitError = summary.commitError {
            output.errorLine("replay: the final commit failed (\(commitError)); the next run will replay some records again (harmless duplicates)")
            status = 1
        }
        return status
    }
}

/// Log lines on the command's standard error.
private struct OutputLogSink: LogSink {
    let output: any CommandOutput
    func write(_ entry: LogEntry) {
        let metadata = entry.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        output.errorLine("replay: \(entry.level): \(entry.message)" + (metadata.isEmpty ? "" : " " + metadata))
    }
}
