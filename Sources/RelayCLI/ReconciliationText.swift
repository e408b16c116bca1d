import Foundation
import RelayCore
import ExactJSON

/// The text report of `payment-relay reconcile`: a header, one line per finding, then the summary.
enum ReconciliationText {
    static func render(_ reconciliation: Reconciliation, strict: Bool) -> String {
        var lines = ["reconcile \(TimestampFormat.rfc3339(reconciliation.period.from)) → \(TimestampFormat.rfc3339(reconciliation.period.to)): "
                     + "\(reconciliation.outcomesCompared) booked outcomes and \(reconciliation.linesCompared) relay lines compared "
                     + "(\(reconciliation.outcomesRead) outcome records read, \(reconciliation.linesWithoutToken) lines without a relay token ignored)"]
        lines += reconciliation.notes.map { "note: \($0)" }
        for mismatch in reconciliation.mismatches {
            let differences = mismatch.differences.map { "\($0.field) \($0.outcome) ≠ line \($0.line)" }.joined(separator: "; ")
            lines.append("MISMATCH              \(describe(mismatch.outcome)) line \(mismatch.line.lineNumber): \(differences)")
        }
        for finding in reconciliation.linesWithoutOutcome {
            var text = "LINE WITHOUT OUTCOME  \(finding.line.externalDocumentNumber ?? "-") \(describe(finding.line))"
            if let last = finding.lastUnbooked {
                text += "; its last outcome: \(last.status.rawValue)\(last.errorClass.map { " (\($0))" } ?? "") for event \(last.eventId ?? "-")"
            }
            lines.append(text)
        }
        for duplicate in reconciliation.duplicateLines {
            lines.append("BOOKED TWICE          \(duplicate.token) on lines " + duplicate.lines.map { "\($0.lineNumber)" }.joined(separator: ", "))
        }
        for outcome in reconciliation.outcomesWithoutLine {
            lines.append("OUTCOME WITHOUT LINE  \(describe(outcome)): no journal line, no posted entry with document number \(outcome.documentNumber ?? "-")")
        }
        for outcome in reconciliation.notInJournal {
            lines.append("NOT IN JOURNAL        \(describe(outcome)): posted or missing\(strict ? "" : " (not counted without --strict)")")
        }
        let disagreements = reconciliation.disagreements(strict: strict)
        lines.append("agreed \(reconciliation.agreed), posted \(reconciliation.posted.count), mismatches \(reconciliation.mismatches.count), "
                     + "lines without outcome \(reconciliation.linesWithoutOutcome.count), booked twice \(reconciliation.duplicateLines.count), "
                     + "outcomes without line \(reconciliation.outcomesWithoutLine.count), not in journal \(reconciliation.notInJournal.count)")
        lines.append(disagreements == 0 ? "OK: outcomes and Business Central agree" : "DISAGREEMENTS: \(disagreements)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// `PR-… event e1 (created 2026-03-02T10:00:00.000Z, 100.00, customer C10000)`.
    private static func describe(_ outcome: RecordedOutcome) -> String {
        var details = [outcome.status.rawValue + " " + TimestampFormat.rfc3339(outcome.processedAt)]
        if let amount = outcome.amount { details.append(amount.description) }
        if let customer = outcome.customerNumber ?? outcome.customerId?.uuidString.lowercased() { details.append("customer \(customer)") }
        return "\(outcome.token ?? "-") event \(outcome.eventId ?? "-") (\(details.joined(separator: ", ")))"
    }

    /// `line 1000000123 (-50.00, customer C10000)`.
    private static func describe(_ line: JournalLineSnapshot) -> String {
        let customer = line.customerNumber ?? line.customerId?.uuidString.lowercased() ?? "-"
        return "line \(line.lineNumber) (\(line.amount), customer \(customer))"
    }
}
