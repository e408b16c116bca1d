import Foundation

/// BC's primary-key locks on journal lines, (journal, line number): an insert holds the key of its line from the
/// moment it inserts until its transaction ends, and a second insert of the same key blocks until then; it fails
/// with `Internal_EntityWithSameKeyExists` if the first committed and goes ahead if the first rolled back.
///
/// A value type kept inside ``SimulatorStore``'s state, so that "is the line there, is its key held" is decided
/// under the same lock as the line table itself. Waiters are continuations, resumed outside that lock.
struct LineSlotLocks {
    /// The key of a journal line.
    struct Key: Hashable, Sendable {
        var journal: UUID
        var lineNumber: Int
    }

    /// A held key; exactly one of commit or rollback must end it.
    struct Reservation: Hashable, Sendable {
        let key: Key
        /// Tells holders apart, so a stale reservation can never release a key someone else holds now.
        let owner: UInt64
    }

    /// What an insert that asked for a key gets.
    enum Grant: Sendable {
        /// The key is the caller's until it commits or rolls back.
        case reserved(Reservation)
        /// A line with that key exists (or was just committed by the holder the caller waited for).
        case taken
    }

    typealias Waiter = CheckedContinuation<Grant, Never>

    private struct Holder {
        var owner: UInt64
        var waiters: [Waiter] = []
    }

    private var holders: [Key: Holder] = [:]
    private var nextOwner: UInt64 = 0

    /// Keys held by inserts that have not ended.
    var heldCount: Int { holders.count }

    /// Inserts blocked behind a held key.
    var waiterCount: Int { holders.values.reduce(0) { $0 + $1.waiters.count } }

    func isHeld(_ key: Key) -> Bool { holders[key] != nil }

    /// Takes a free key.
    mutating func hold(_ key: Key) -> Reservation {
        precondition(holders[key] == nil, "the key is held")
        nextOwner += 1
        holders[key] = Holder(owner: nextOwner)
        return Reservation(key: key, owner: nextOwner)
    }

    /// Queues `waiter` behind the holder of `key` (first come, first served, like SQL's lock queue).
    mutating func wait(for key: Key, _ waiter: Waiter) {
        holders[key]!.waiters.append(waiter)
    }

    /// Ends a reservation whose line was committed: the key is free again (the line now guards it) and every
    /// waiter is to be told `.taken`.
    mutating func releaseCommitted(_ reservation: Reservation) -> [Waiter] {
        guard let holder = holders[reservation.key], holder.owner == reservation.owner else { return [] }
        holders[reservation.key] = nil
        return holder.waiters
    }

    /// Ends a reservation that was rolled back: the longest waiter inherits the key (the caller resumes it with
    /// the new reservation); without waiters the key is free.
    mutating func releaseRolledBack(_ reservation: Reservation) -> (waiter: Waiter, grant: Reservation)? {
        guard var holder = holders[reservation.key], holder.owner == reservation.owner else { return nil }
        guard !holder.waiters.isEmpty else {
            holders[reservation.key] = nil
            return nil
        }
        let next = holder.waiters.removeFirst()
        nextOwner += 1
        holder.owner = nextOwner
        holders[reservation.key] = holder
        return (next, Reservation(key: reservation.key, owner: nextOwner))
    }
}
