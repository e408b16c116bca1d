import Foundation
import Synchronization

/// The mutable state of the simulated environment: journals and every line ever created, indexed by journal and
/// by external document number so creates and lookups stay O(1) amortised.
final class SimulatorStore: Sendable {
    struct StoredLine {
        var line: SimLine
        var createdInstant: ContinuousClock.Instant
        var version: Int
    }

    struct JournalRecord {
        var journal: SimJournal
        /// Indexes into `lines` of the unposted lines, in creation order.
        var unposted: [Int] = []
        var lineNumbers: Set<Int> = []
        var lastLineNumber = 0
        var lastPostingDate: String?
        /// The journal's number series position (peeked, not reserved, by creates).
        var nextDocumentNumber = 1
    }

    struct State {
        var journals: [UUID: JournalRecord] = [:]
        var journalIdsByCode: [String: UUID] = [:]
        var lines: [StoredLine] = []
        var lineIndexById: [UUID: Int] = [:]
        var unpostedByExternal: [String: [Int]] = [:]
    }

    let directory: Directory
    let state: Mutex<State>

    init(configuration: SimulatorConfiguration) {
        directory = Directory(configuration: configuration)
        var initial = State()
        for journal in configuration.journals {
            initial.journals[journal.id] = JournalRecord(journal: journal)
            initial.journalIdsByCode[Self.codeKey(journal.companyId, journal.code)] = journal.id
        }
        state = Mutex(initial)
    }

    static func codeKey(_ company: UUID, _ code: String) -> String { "\(company.uuidString)|\(code)" }
    static func externalKey(_ journal: UUID, _ external: String) -> String { "\(journal.uuidString)|\(external)" }

    // MARK: Journals

    func journals(company: UUID) -> [SimJournal] {
        state.withLock { $0.journals.values.map(\.journal).filter { $0.companyId == company } }
            .sorted { $0.code < $1.code }
    }

    func journal(_ id: UUID, company: UUID) -> SimJournal? {
        state.withLock { $0.journals[id]?.journal }.flatMap { $0.companyId == company ? $0 : nil }
    }

    func journal(code: String, company: UUID) -> SimJournal? {
        state.withLock { state in
            state.journalIdsByCode[Self.codeKey(company, code)].flatMap { state.journals[$0]?.journal }
        }
    }

    /// Inserts a journal; `nil` when the code is taken in that company.
    func insertJournal(_ journal: SimJournal) -> SimJournal? {
        state.withLock { state in
            let key = Self.codeKey(journal.companyId, journal.code)
            guard state.journalIdsByCode[key] == nil else { return nil }
            state.journalIdsByCode[key] = journal.id
            state.journals[journal.id] = JournalRecord(journal: journal)
            return journal
        }
    }

    // MARK: Lines

    /// The line number a create without one would take now: the journal's last + 10000 (read without a lock).
    func proposedLineNumber(journal: UUID) -> Int {
        state.withLock { ($0.journals[journal]?.lastLineNumber ?? 0) + 10_000 }
    }

    /// Inserts a line; `nil` when `lineNumber` is already taken in the journal (BC's primary key).
    func insertLine(_ draft: PaymentDraft, journal journalId: UUID, lineNumber: Int) -> StoredLine? {
        state.withLock { state -> StoredLine? in
            guard var record = state.journals[journalId], !record.lineNumbers.contains(lineNumber) else { return nil }
            let line = SimLine(
                id: UUID(), companyId: record.journal.companyId, journalId: journalId, journal: record.journal.code,
                lineNumber: lineNumber, customerId: draft.customer?.id ?? .zero,
                customerNumber: draft.customer?.number ?? "",
                postingDate: draft.postingDate ?? record.lastPostingDate ?? ODataDate.today(),
                documentNumber: draft.documentNumber ?? Self.seriesNumber(record.nextDocumentNumber),
                externalDocumentNumber: draft.externalDocumentNumber, amount: draft.amount,
                appliesToInvoiceId: draft.appliesToInvoiceId, appliesToInvoiceNumber: draft.appliesToInvoiceNumber,
                description: (draft.description ?? "").isEmpty ? (draft.customer?.name ?? "") : draft.description!,
                comment: draft.comment, createdAt: Date(), isPosted: false)
            let stored = StoredLine(line: line, createdInstant: .now, version: 1)
            let index = state.lines.count
            state.lines.append(stored)
            state.lineIndexById[line.id] = index
            state.unpostedByExternal[Self.externalKey(journalId, line.externalDocumentNumber), default: []].append(index)
            record.unposted.append(index)
            record.lineNumbers.insert(lineNumber)
            record.lastLineNumber = max(record.lastLineNumber, lineNumber)
            record.lastPostingDate = line.postingDate
            state.journals[journalId] = record
            return stored
        }
    }

    /// Unposted lines of a journal, optionally only those with `external` as external document number.
    func unpostedLines(journal: UUID, external: String? = nil) -> [StoredLine] {
        state.withLock { state in
            let indexes = external.map { state.unpostedByExternal[Self.externalKey(journal, $0)] ?? [] }
                ?? state.journals[journal]?.unposted ?? []
            return indexes.map { state.lines[$0] }
        }
    }

    /// An unposted line by id.
    func unpostedLine(_ id: UUID) -> StoredLine? {
        state.withLock { state in
            state.lineIndexById[id].map { state.lines[$0] }.flatMap { $0.line.isPosted ? nil : $0 }
        }
    }

    /// Every line ever created, posted or not, in creation order.
    func allLines() -> [SimLine] {
        state.withLock { $0.lines.map(\.line) }
    }

    static func seriesNumber(_ number: Int) -> String {
        let digits = String(number)
        return "G" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
