import ExactJSON
import Foundation
import Testing
@testable import RelayCore

@Suite struct ReconciliationTests {
    private static let start = Date(timeIntervalSince1970: 1_772_323_200)   // 2026-03-01T00:00:00Z
    private let period = ReconciliationPeriod(from: start, to: start.addingTimeInterval(31 * 86_400))

    private func token(_ key: String) -> String { IdempotencyToken(idempotencyKey: key).value }
    private func id(_ n: Int) -> UUID {
        UUID(uuidString: "00000000-0000-0000-0000-" + String(repeating: "0", count: 12 - String(n).count) + String(n))!
    }

    private func outcome(_ key: String, event: String? = nil, status: OutcomeStatus = .created, line: Int = 1, amount: Int64 = 10_000,
                         customer: String? = "C10000", customerId: UUID? = nil, document: String? = nil, at offset: TimeInterval = 86_400) -> RecordedOutcome {
        RecordedOutcome(eventId: event ?? key, status: status, customerPaymentId: status == .created || status == .duplicate ? id(line) : nil,
                        token: token(key), amount: Amount(minorUnits: amount), customerNumber: customer, customerId: customerId,
                        documentNumber: document, errorClass: status == .failed ? "outcome_unknown" : nil,
                        processedAt: Self.start.addingTimeInterval(offset), source: "in/0/\(line)")
    }

    private func line(_ key: String?, id n: Int, amount: Decimal = -100, customer: String = "C10000", customerId: UUID? = nil,
                      at offset: TimeInterval? = 86_400) -> JournalLineSnapshot {
        JournalLineSnapshot(id: id(n), lineNumber: 1_000_000_000 + n, externalDocumentNumber: key.map(token), amount: amount,
                            customerNumber: customer, customerId: customerId, modifiedAt: offset.map(Self.start.addingTimeInterval))
    }

    private func reconcile(_ outcomes: [RecordedOutcome], _ lines: [JournalLineSnapshot], tokenDocumentNumbers: Bool = false) -> Reconciliation {
        var selection = OutcomeSelection(period: period)
        for outcome in outcomes { selection.add(outcome) }
        return Reconciliation(outcomes: selection, lines: lines, tokenDocumentNumbers: tokenDocumentNumbers)
    }

    @Test func outcomesAndLinesThatAgreeAreCountedAndNothingIsReported() {
        let result = reconcile([outcome("a", line: 1), outcome("b", line: 2, amount: 123_45, customer: "c20000"), outcome("b", event: "b2", status: .duplicate, line: 2, amount: 123_45, customer: "C20000")],
                               [line("a", id: 1), line("b", id: 2, amount: Decimal(string: "-123.45")!, customer: "C20000"),
                                line(nil, id: 3)])
        #expect(result.agreed == 3, "the duplicate outcome is compared too")
        #expect(result.disagreements(strict: true) == 0)
        #expect(result.outcomesCompared == 3 && result.linesCompared == 2 && result.linesWithoutToken == 1)
    }

    @Test func amountCustomerAndLineIdDifferencesAreMismatches() {
        let customerId = UUID()
        let result = reconcile([outcome("a", line: 1, amount: 10_000), outcome("b", line: 2, customer: "C10000"),
                                outcome("c", line: 3, customer: nil, customerId: customerId), outcome("d", line: 4)],
                               [line("a", id: 1, amount: -99), line("b", id: 2, customer: "C20000"),
                                line("c", id: 3, customerId: UUID()), line("d", id: 44)])
        #expect(result.mismatches.map { $0.differences.map(\.field) } == [["amount"], ["customerNumber"], ["customerId"], ["customerPaymentId"]])
        #expect(result.mismatches[0].differences[0] == Reconciliation.Difference(field: "amount", outcome: "100.00", line: "-99"))
        #expect(result.disagreements(strict: false) == 4)
        #expect(result.agreed == 0)
    }

    @Test func aLineWhoseTokenHasNoBookedOutcomeIsReportedWithTheLastFailedOne() {
        let result = reconcile([outcome("failed", status: .failed)], [line("failed", id: 1), line("stray", id: 2)])
        #expect(Set(result.linesWithoutOutcome.map(\.line.id)) == [id(1), id(2)])
        #expect(result.linesWithoutOutcome.first { $0.line.id == id(1) }?.lastUnbooked?.status == .failed)
        #expect(result.linesWithoutOutcome.first { $0.line.id == id(2) }?.lastUnbooked == nil)
        #expect(result.disagreements(strict: false) == 2)
    }

    @Test func linesOutsideThePeriodAreNotReportedAndOutcomesOutsideItStillCoverTheirLines() {
        let before = outcome("early", at: -3600)   // processed before the period: not compared, but its token is known
        let result = reconcile([before], [line("early", id: 1, at: 600), line("old", id: 2, at: -86_400), line("late", id: 3, at: 40 * 86_400)])
        #expect(result.outcomesCompared == 0)
        #expect(result.linesWithoutOutcome.isEmpty)
        #expect(result.disagreements(strict: true) == 0)
    }

    @Test func aLineWithoutATimestampCountsAsInThePeriod() {
        #expect(reconcile([], [line("x", id: 1, at: nil)]).linesWithoutOutcome.count == 1)
    }

    @Test func aTokenOnTwoLinesIsABookingTwiceReportedOnce() {
        let result = reconcile([outcome("a", line: 1), outcome("a", event: "a-again", status: .duplicate, line: 1)],
                               [line("a", id: 2), line("a", id: 1)])
        #expect(result.duplicateLines.count == 1)
        #expect(result.duplicateLines[0].lines.map(\.id) == [id(1), id(2)])
        #expect(result.mismatches.isEmpty && result.agreed == 0)
        #expect(result.disagreements(strict: false) == 1)
    }

    @Test func anOutcomeWithoutADocumentNumberNotInTheJournalIsNotInJournalAndFailsOnlyWhenStrict() {
        let result = reconcile([outcome("gone")], [])
        #expect(result.postedLookups.isEmpty)
        #expect(result.notInJournal.map(\.eventId) == ["gone"])
        #expect(result.disagreements(strict: false) == 0)
        #expect(result.disagreements(strict: true) == 1)
    }

    struct PostedRow: Sendable, CustomTestStringConvertible {
        var tokenDocumentNumbers: Bool
        var found: Bool
        var posted: Int, withoutLine: Int, notInJournal: Int
        var testDescription: String { "token document numbers \(tokenDocumentNumbers), entry found \(found)" }
    }

    @Test(arguments: [
        PostedRow(tokenDocumentNumbers: true, found: true, posted: 2, withoutLine: 0, notInJournal: 0),
        PostedRow(tokenDocumentNumbers: true, found: false, posted: 0, withoutLine: 2, notInJournal: 0),
        PostedRow(tokenDocumentNumbers: false, found: true, posted: 2, withoutLine: 0, notInJournal: 0),
        PostedRow(tokenDocumentNumbers: false, found: false, posted: 0, withoutLine: 0, notInJournal: 2),
    ])
    func outcomesNotInTheJournalAreLookedUpByDocumentNumberOncePerToken(_ row: PostedRow) {
        let document = IdempotencyToken(idempotencyKey: "p").documentNumber
        var result = reconcile([outcome("p", document: document), outcome("p", event: "p2", status: .duplicate, document: document)], [],
                               tokenDocumentNumbers: row.tokenDocumentNumbers)
        #expect(result.postedLookups == [Reconciliation.PostedLookup(token: token("p"), documentNumber: document)])
        #expect(result.disagreements(strict: true) == 2, "an unanswered look-up is not in the journal")
        result.resolve(result.postedLookups[0], entryId: row.found ? UUID() : nil)
        #expect(result.postedLookups.isEmpty)
        #expect(result.posted.count == row.posted)
        #expect(result.outcomesWithoutLine.count == row.withoutLine)
        #expect(result.notInJournal.count == row.notInJournal)
        #expect(result.disagreements(strict: false) == row.withoutLine)
    }

    @Test func selectionKeepsBookedOutcomesOfThePeriodOncePerEvent() {
        var selection = OutcomeSelection(period: period)
        selection.add(outcome("a"))
        selection.add(outcome("a"))                                     // redelivered: the same answer again
        selection.add(outcome("b", at: -10))                             // before the period
        selection.add(outcome("c", status: .rejected))
        selection.add(RecordedOutcome(eventId: "x", status: .rejected, customerPaymentId: nil, token: nil, amount: nil, processedAt: Self.start))
        selection.add(json: Array("not json".utf8))
        #expect(selection.inPeriod.map(\.eventId) == ["a"])
        #expect(selection.bookedTokens == [token("a"), token("b")])
        #expect(selection.lastUnbooked.keys.sorted() == [token("c")])
        #expect(selection.read == 6 && selection.unreadable == 1)
    }

    @Test func periodIsHalfOpen() {
        #expect(period.contains(Self.start))
        #expect(!period.contains(period.to))
        #expect(period.contains(period.to.addingTimeInterval(-0.001)))
    }

    @Test func jsonNamesEveryFindingAndTheVerdict() throws {
        let result = reconcile([outcome("a", line: 1, amount: 10_000), outcome("gone")], [line("a", id: 1, amount: -99), line("stray", id: 2)])
        let text = String(decoding: JSONWriter.bytes(result.json(strict: false)), as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(object["from"] as? String == "2026-03-01T00:00:00.000Z")
        let counts = try #require(object["counts"] as? [String: Int])
        #expect(counts["mismatches"] == 1 && counts["linesWithoutOutcome"] == 1 && counts["notInJournal"] == 1 && counts["agreed"] == 0)
        let mismatch = try #require((object["mismatches"] as? [[String: Any]])?.first)
        #expect((mismatch["differences"] as? [[String: String]]) == [["field": "amount", "outcome": "100.00", "line": "-99"]])
        #expect(((object["linesWithoutOutcome"] as? [[String: Any]])?.first?["line"] as? [String: Any])?["externalDocumentNumber"] as? String == token("stray"))
    }
}
