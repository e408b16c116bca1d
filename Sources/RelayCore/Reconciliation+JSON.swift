import ExactJSON
import Foundation

extension Reconciliation {
    /// The report as one JSON object: the period, the counts, `ok`, and one array per finding.
    public func json(strict: Bool) -> JSONValue {
        func number(_ value: Int) -> JSONValue { .number(String(value)) }
        let counts: [(key: String, value: JSONValue)] = [
            (key: "outcomes", value: number(outcomesCompared)), (key: "lines", value: number(linesCompared)),
            (key: "linesWithoutToken", value: number(linesWithoutToken)), (key: "agreed", value: number(agreed)),
            (key: "posted", value: number(posted.count)), (key: "mismatches", value: number(mismatches.count)),
            (key: "outcomesWithoutLine", value: number(outcomesWithoutLine.count)),
            (key: "linesWithoutOutcome", value: number(linesWithoutOutcome.count)),
            (key: "duplicateLines", value: number(duplicateLines.count)), (key: "notInJournal", value: number(notInJournal.count)),
        ]
        return .object([
            (key: "ok", value: .bool(disagreements(strict: strict) == 0)),
            (key: "strict", value: .bool(strict)),
            (key: "from", value: .string(TimestampFormat.rfc3339(period.from))),
            (key: "to", value: .string(TimestampFormat.rfc3339(period.to))),
            (key: "counts", value: .object(counts)),
            (key: "outcomeRecordsRead", value: number(outcomesRead)), (key: "unreadableOutcomeRecords", value: number(unreadableOutcomes)),
            (key: "notes", value: .array(notes.map(JSONValue.string))),
            (key: "mismatches", value: .array(mismatches.map { mismatch in
                .object([(key: "outcome", value: Self.json(mismatch.outcome)), (key: "line", value: Self.json(mismatch.line)),
                         (key: "differences", value: .array(mismatch.differences.map { difference in
                             .object([(key: "field", value: .string(difference.field)), (key: "outcome", value: .string(difference.outcome)),
                                      (key: "line", value: .string(difference.line))])
                         }))])
            })),
            (key: "outcomesWithoutLine", value: .array(outcomesWithoutLine.map(Self.json))),
            (key: "linesWithoutOutcome", value: .array(linesWithoutOutcome.map { finding in
                .object([(key: "line", value: Self.json(finding.line)),
                         (key: "lastUnbookedOutcome", value: finding.lastUnbooked.map(Self.json) ?? .null)])
            })),
            (key: "duplicateLines", value: .array(duplicateLines.map { duplicate in
                .object([(key: "token", value: .string(duplicate.token)), (key: "lines", value: .array(duplicate.lines.map(Self.json)))])
            })),
            (key: "notInJournal", value: .array(notInJournal.map(Self.json))),
            (key: "posted", value: .array(posted.map { match in
                .object([(key: "outcome", value: Self.json(match.outcome)), (key: "documentNumber", value: .string(match.documentNumber)),
                         (key: "entryId", value: .string(match.entryId.uuidString.lowercased()))])
            })),
        ])
    }

    static func json(_ outcome: RecordedOutcome) -> JSONValue {
        .object([
            (key: "eventId", value: optional(outcome.eventId)), (key: "status", value: .string(outcome.status.rawValue)),
            (key: "bcToken", value: optional(outcome.token)),
            (key: "customerPaymentId", value: optional(outcome.customerPaymentId?.uuidString.lowercased())),
            (key: "amount", value: optional(outcome.amount?.description)),
            (key: "customerNumber", value: optional(outcome.customerNumber)),
            (key: "customerId", value: optional(outcome.customerId?.uuidString.lowercased())),
            (key: "documentNumber", value: optional(outcome.documentNumber)),
            (key: "errorClass", value: optional(outcome.errorClass)),
            (key: "processedAt", value: .string(TimestampFormat.rfc3339(outcome.processedAt))),
            (key: "source", value: .string(outcome.source)),
        ])
    }

    static func json(_ line: JournalLineSnapshot) -> JSONValue {
        .object([
            (key: "id", value: .string(line.id.uuidString.lowercased())), (key: "lineNumber", value: .number(String(line.lineNumber))),
            (key: "externalDocumentNumber", value: optional(line.externalDocumentNumber)),
            (key: "amount", value: .string("\(line.amount)")),
            (key: "customerNumber", value: optional(line.customerNumber)),
            (key: "customerId", value: optional(line.customerId?.uuidString.lowercased())),
            (key: "lastModifiedDateTime", value: optional(line.modifiedAt.map(TimestampFormat.rfc3339))),
        ])
    }

    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
}
