import Foundation

/// Inserting a line as BC does: the insert takes its (journal, line number) key at once, the transaction commits
/// (or rolls back) when the request ends, and only then does the line become visible and count as the journal's
/// last line.
extension SimulatorStore {
    /// Takes the key (journal, `lineNumber`) for an insert, waiting (without polling) while another insert holds
    /// it: `.taken` when a committed line has that number, or when the holder it waited for commits.
    func reserveLine(journal: UUID, lineNumber: Int) async -> LineSlotLocks.Grant {
        let key = LineSlotLocks.Key(journal: journal, lineNumber: lineNumber)
        return await withCheckedContinuation { (continuation: LineSlotLocks.Waiter) in
            let immediate = state.withLock { state -> LineSlotLocks.Grant? in
                if state.journals[journal]?.lineIndexByNumber[lineNumber] != nil { return .taken }
                if state.slots.isHeld(key) {
                    state.slots.wait(for: key, continuation)
                    return nil
                }
                return .reserved(state.slots.hold(key))
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
    }

    /// What an insert that does not execute any longer than the insert itself gets (see ``insertNow(_:journal:lineNumber:)``).
    enum ImmediateInsert {
        case inserted(StoredLine)
        /// A committed line has this number.
        case taken(lineNumber: Int)
        /// Another insert holds this key: wait for it with ``reserveLine(journal:lineNumber:)``.
        case held(lineNumber: Int)
    }

    /// Reads the number (`lineNumber`, or the last committed + 10000 when `nil`), takes the key and commits, all
    /// under one lock: an insert whose request does nothing else cannot collide with another such insert.
    func insertNow(_ draft: PaymentDraft, journal: UUID, lineNumber: Int?) -> ImmediateInsert? {
        state.withLock { state -> ImmediateInsert? in
            guard let record = state.journals[journal] else { return nil }
            let number = lineNumber ?? record.lastLineNumber + 10_000
            if record.lineIndexByNumber[number] != nil { return .taken(lineNumber: number) }
            if state.slots.isHeld(LineSlotLocks.Key(journal: journal, lineNumber: number)) { return .held(lineNumber: number) }
            return Self.append(draft, journal: journal, lineNumber: number, to: &state).map { .inserted($0) }
        }
    }

    /// Commits the insert that holds `reservation`: stores the line with the journal's defaults as they are now,
    /// and tells every insert waiting for the key that it is taken. `nil` (and a rollback) if the journal is gone.
    func commitLine(_ draft: PaymentDraft, reservation: LineSlotLocks.Reservation) -> StoredLine? {
        typealias Ending = (stored: StoredLine?, waiters: [LineSlotLocks.Waiter],
                            heir: (waiter: LineSlotLocks.Waiter, grant: LineSlotLocks.Reservation)?)
        let ending = state.withLock { state -> Ending in
            guard let stored = Self.append(draft, journal: reservation.key.journal,
                                           lineNumber: reservation.key.lineNumber, to: &state) else {
                return (nil, [], state.slots.releaseRolledBack(reservation))
            }
            // Line and key change hands under one lock: no insert can see neither.
            return (stored, state.slots.releaseCommitted(reservation), nil)
        }
        for waiter in ending.waiters { waiter.resume(returning: .taken) }
        if let heir = ending.heir { heir.waiter.resume(returning: .reserved(heir.grant)) }
        return ending.stored
    }

    /// Stores a committed line with the journal's defaults as they are now; `nil` if the journal is gone.
    private static func append(_ draft: PaymentDraft, journal journalId: UUID, lineNumber: Int,
                               to state: inout State) -> StoredLine? {
        guard var record = state.journals[journalId] else { return nil }
        let line = SimLine(
            id: UUID(), companyId: record.journal.companyId, journalId: journalId, journal: record.journal.code,
            lineNumber: lineNumber, customerId: draft.customer?.id ?? .zero,
            customerNumber: draft.customer?.number ?? "",
            postingDate: draft.postingDate ?? record.lastPostingDate ?? ODataDate.today(),
            documentNumber: draft.documentNumber ?? seriesNumber(record.nextDocumentNumber),
            externalDocumentNumber: draft.externalDocumentNumber, amount: draft.amount,
            appliesToInvoiceId: draft.appliesToInvoiceId, appliesToInvoiceNumber: draft.appliesToInvoiceNumber,
            description: (draft.description ?? "").isEmpty ? (draft.customer?.name ?? "") : draft.description!,
            comment: draft.comment, createdAt: Date(), isPosted: false)
        let stored = StoredLine(line: line, createdInstant: .now, version: 1)
        let index = state.lines.count
        state.lines.append(stored)
        state.lineIndexById[line.id] = index
        state.unpostedByExternal[externalKey(journalId, line.externalDocumentNumber), default: []].append(index)
        record.unposted.append(index)
        record.lineIndexByNumber[lineNumber] = index
        record.lastLineNumber = max(record.lastLineNumber, lineNumber)
        record.lastPostingDate = line.postingDate
        state.journals[journalId] = record
        return stored
    }

    /// Rolls back the insert that holds `reservation`: nothing is stored and the longest-waiting insert of the
    /// same key takes it over.
    func rollbackLine(_ reservation: LineSlotLocks.Reservation) {
        if let heir = state.withLock({ $0.slots.releaseRolledBack(reservation) }) {
            heir.waiter.resume(returning: .reserved(heir.grant))
        }
    }

    /// Inserts holding a line key, not yet committed or rolled back.
    var pendingInserts: Int { state.withLock { $0.slots.heldCount } }

    /// Inserts waiting for a key another insert holds.
    var waitingInserts: Int { state.withLock { $0.slots.waiterCount } }
}
