import Foundation

/// The in-memory view of one ledger partition: token → latest state, within a retention window. Pure.
///
/// `done` is final: a later `attempting` for the same token (a redelivered record racing a rebalance) never
/// downgrades it. Entries older than the window are treated as absent and dropped by ``expire(nowMillis:)``.
public struct IdempotencyLedger: Sendable {
    private struct Entry: Sendable {
        var paymentId: UUID?
        var recordedAtMillis: Int64
    }

    private var entries: [IdempotencyToken: Entry] = [:]
    /// How long entries count, in milliseconds (default 35 days).
    public var retentionMillis: Int64

    public init(retention: Duration = .seconds(35 * 86_400)) {
        let (seconds, attoseconds) = retention.components
        retentionMillis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Number of tokens held.
    public var count: Int { entries.count }

    /// Applies an entry read from or written to the ledger topic.
    public mutating func apply(_ entry: LedgerEntry) {
        let existing = entries[entry.token]
        switch entry.state {
        case .attempting:
            if let existing, existing.paymentId != nil { return }
            entries[entry.token] = Entry(paymentId: nil, recordedAtMillis: max(entry.recordedAtMillis, existing?.recordedAtMillis ?? 0))
        case let .done(paymentId):
            entries[entry.token] = Entry(paymentId: paymentId, recordedAtMillis: entry.recordedAtMillis)
        }
    }

    /// The state of `token` at `nowMillis`, or `nil` when unknown or expired.
    public func state(of token: IdempotencyToken, nowMillis: Int64) -> LedgerState? {
        guard let entry = entries[token], nowMillis - entry.recordedAtMillis <= retentionMillis else { return nil }
        return entry.paymentId.map { .done(paymentId: $0) } ?? .attempting
    }

    /// Drops entries older than the retention window; returns how many were dropped.
    @discardableResult
    public mutating func expire(nowMillis: Int64) -> Int {
        let before = entries.count
        entries = entries.filter { nowMillis - $0.value.recordedAtMillis <= retentionMillis }
        return before - entries.count
    }
}
