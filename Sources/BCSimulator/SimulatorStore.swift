import Foundation
import Synchronization

/// The mutable state of the simulated environment: journals and every line ever created, indexed by journal, by
/// (journal, line number) and by external document number so creates and lookups stay O(1) amortised; and the
/// key locks of the lines being inserted (``LineSlotLocks``, used by `SimulatorStore+LineSlots.swift`).
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
        /// Line number → index into `lines`, of the unposted (committed) lines: BC's primary key.
        var lineIndexByNumber: [Int: Int] = [:]
        /// The highest committed line number; lines still being inserted do not count (BC reads it without a lock).
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
        /// Posted G/L entries, and their indexes by (company, document number).
        var ledgerEntries: [SimGeneralLedgerEntry] = []
        var ledgerEntriesByDocument: [String: [Int]] = [:]
        var slots = LineSlotLocks()
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

    /// Deletes a journal and its unposted lines (a user tidying up journals, an environment restore); `false` when
    /// there is no such journal. The lines stay in ``allLines()`` (the history), marked as no longer in any journal.
    func deleteJournal(code: String, company: UUID) -> Bool {
        state.withLock { state in
            let codeKey = Self.codeKey(company, code.uppercased())
            guard let id = state.journalIdsByCode[codeKey], let record = state.journals[id] else { return false }
            for index in record.unposted {
                state.unpostedByExternal[Self.externalKey(id, state.lines[index].line.externalDocumentNumber)] = nil
                state.lines[index].line.isDeleted = true
            }
            state.journalIdsByCode[codeKey] = nil
            state.journals[id] = nil
            return true
        }
    }

    // MARK: Lines

    /// The line number a create without one would take now: the journal's last + 10000 (read without a lock).
    func proposedLineNumber(journal: UUID) -> Int {
        state.withLock { ($0.journals[journal]?.lastLineNumber ?? 0) + 10_000 }
    }

    /// Unposted lines of a journal, optionally only those with `external` as external document number.
    func unpostedLines(journal: UUID, external: String? = nil) -> [StoredLine] {
        state.withLock { state in
            let indexes = external.map { state.unpostedByExternal[Self.externalKey(journal, $0)] ?? [] }
                ?? state.journals[journal]?.unposted ?? []
            return indexes.map { state.lines[$0] }
        }
    }

    /// The unposted line with `lineNumber` in a journal (the primary key), without scanning the journal.
    func unpostedLine(journal: UUID, lineNumber: Int) -> StoredLine? {
        state.withLock { state in
            state.journals[journal]?.lineIndexByNumber[lineNumber].map { state.lines[$0] }
        }
    }

    /// An unposted line by id.
    func unpostedLine(_ id: UUID) -> StoredLine? {
        state.withLock { state in
            state.lineIndexById[id].map { state.lines[$0] }.flatMap { $0.line.isPosted || $0.line.isDeleted ? nil : $0 }
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
