import ExactJSON
import Foundation
import Kafka
import Relay

extension ReplayCommand {
    /// The summary as one JSON object (`--output json`): how it ended, the counts, the positions committed and where
    /// skipped records hold the group, and in a dry run the records that would be replayed.
    static func json(_ summary: ReplaySummary, configuration: DeadLetterReplayConfiguration) -> JSONValue {
        let counts = summary.progress
        let seconds = Double(counts.elapsed.components.seconds) + Double(counts.elapsed.components.attoseconds) / 1e18
        var ending = "", failure: JSONValue = .null
        switch summary.ending {
        case .completed: ending = "completed"
        case .limitReached: ending = "limit_reached"
        case .stopped: ending = "stopped"
        case let .failed(reason):
            ending = "failed"
            failure = .string(reason)
        }
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        func positions(_ offsets: [TopicPartition: Int64]) -> JSONValue {
            .array(offsets.sorted { $0.key < $1.key }.map { position in
                .object([(key: "topic", value: .string(position.key.topic)), (key: "partition", value: number(Int(position.key.partition))),
                         (key: "offset", value: .number(String(position.value)))])
            })
        }
        return .object([
            (key: "ending", value: .string(ending)),
            (key: "dryRun", value: .bool(summary.dryRun)),
            (key: "group", value: .string(configuration.groupId)),
            (key: "deadLetterTopic", value: .string(configuration.deadLetterTopic)),
            (key: "inputTopic", value: .string(configuration.inputTopic)),
            (key: "scanned", value: number(counts.scanned)), (key: "matched", value: number(counts.matched)),
            (key: "replayed", value: number(counts.replayed)), (key: "skipped", value: number(counts.skipped)),
            (key: "failed", value: number(failure == .null ? 0 : 1)), (key: "heldBack", value: number(counts.heldBack)),
            (key: "elapsedSeconds", value: .number(String(format: "%.3f", seconds))),
            (key: "failure", value: failure),
            (key: "commitError", value: summary.commitError.map(JSONValue.string) ?? .null),
            (key: "committed", value: positions(summary.committed)),
            (key: "firstSkipped", value: positions(summary.firstSkipped)),
            (key: "candidates", value: .array(summary.candidates.map { candidate in
                let letter = candidate.deadLetter
                return .object([(key: "partition", value: number(Int(candidate.partition))), (key: "offset", value: .number(String(candidate.offset))),
                                (key: "eventId", value: letter.eventId.map(JSONValue.string) ?? .null),
                                (key: "class", value: .string(letter.errorClass)),
                                (key: "code", value: letter.errorCode.map(JSONValue.string) ?? .null),
                                (key: "failedAt", value: letter.failedAtText.map(JSONValue.string) ?? .null),
                                (key: "message", value: letter.errorMessage.map(JSONValue.string) ?? .null)])
            })),
        ])
    }
}
