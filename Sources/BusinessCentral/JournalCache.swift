import Foundation
import Synchronization

/// Journal ids per (company, code): resolved once, and concurrent callers for the same key share one lookup.
final class JournalCache: Sendable {
    struct Key: Hashable, Sendable {
        var companyId: UUID
        var code: String
    }

    private enum Entry {
        case ready(CustomerPaymentJournal)
        case resolving(Task<CustomerPaymentJournal, any Error>)
    }

    private let entries = Mutex<[Key: Entry]>([:])

    /// The cached journal, the lookup in flight, or a new lookup by `resolve`; a failed lookup is forgotten so the
    /// next caller tries again.
    func journal(for key: Key, resolve: @escaping @Sendable () async throws -> CustomerPaymentJournal) async throws -> CustomerPaymentJournal {
        let entry: Entry = entries.withLock { entries in
            if let existing = entries[key] { return existing }
            let task = Task {
                do {
                    let journal = try await resolve()
                    self.entries.withLock { $0[key] = .ready(journal) }
                    return journal
                } catch {
                    _ = self.entries.withLock { $0.removeValue(forKey: key) }
                    throw error
                }
            }
            entries[key] = .resolving(task)
            return .resolving(task)
        }
        switch entry {
        case .ready(let journal): return journal
        case .resolving(let task): return try await task.value
        }
    }

    /// Forgets the journal with `id` (BC said it does not exist: deleted, renamed or recreated with a new id), so the
    /// next caller resolves it again. Only a cached entry with that id is removed: when many bookings fail on the same
    /// stale id, the journal is resolved once, and an entry already resolved anew is kept.
    ///
    /// - Returns: whether an entry was removed.
    @discardableResult
    func invalidate(journalId id: UUID) -> Bool {
        entries.withLock { entries in
            guard let key = entries.first(where: { if case .ready(let journal) = $0.value { journal.id == id } else { false } })?.key else {
                return false
            }
            entries[key] = nil
            return true
        }
    }
}
