import Foundation

/// The in-memory view of one ledger partition: token → latest state, within a retention window. Pure.
///
/// `done` is final: a later `attempting` for the same token (a redelivered record racing a rebalance) never
/// downgrades it. Entries older than the window are treated as absent and dropped by ``expire(nowMillis:)``.
public struct IdempotencyLedger: Sendable {
    private struct Entry: Sendable {
        var paymentId: UUID?
        var recordedAtMillis: Int64
        var creator: UInt64 = 0
    }

    /// 128 of the token's 160 digest bits: a fixed-size key (no per-entry string allocation) that is still
    /// collision-resistant, since the token itself is a hash.
    struct Key: Hashable, Sendable {
        let high: UInt64
        let low: UInt64

        init(_ token: IdempotencyToken) {
            var high: UInt64 = 0, low: UInt64 = 0
            for (index, byte) in token.value.utf8.dropFirst(IdempotencyToken.prefix.utf8.count).prefix(26).enumerated() {
                let digit = UInt64(Key.value(of: byte))
                if index < 13 { high = high << 5 | digit } else { low = low << 5 | digit }
            }
            self.high = high
            self.low = low
        }

        /// Crockford base32 digit values by ASCII code, as IdempotencyToken writes them.
        private static let digits: [UInt8] = {
            var table = [UInt8](repeating: 0, count: 256)
            for (value, character) in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8.enumerated() { table[Int(character)] = UInt8(value) }
            return table
        }()

        private static func value(of byte: UInt8) -> UInt8 { digits[Int(byte)] }
    }

    private var entries: [Key: Entry] = [:]
    /// How long entries count, in milliseconds (default 35 days).
    public var retentionMillis: Int64

    public init(retention: Duration = .seconds(35 * 86_400)) {
        let (seconds, attoseconds) = retention.components
        retentionMillis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Number of tokens held.
    public var count: Int { entries.count }
    /// Entries applied so far (loaded or written).
    public private(set) var appliedCount = 0
    /// Tokens whose latest entry is `attempting`: a create may have been sent, its line not yet confirmed.
    public private(set) var attemptingCount = 0

    /// Applies an entry read from or written to the ledger topic.
    public mutating func apply(_ entry: LedgerEntry) {
        appliedCount += 1
        let key = Key(entry.token)
        let existing = entries[key]
        switch entry.state {
        case .attempting:
            if let existing, existing.paymentId != nil { return }
            if existing == nil { attemptingCount += 1 }
            entries[key] = Entry(paymentId: nil, recordedAtMillis: max(entry.recordedAtMillis, existing?.recordedAtMillis ?? 0))
        case let .done(paymentId, creator):
            if let existing, existing.paymentId == nil { attemptingCount -= 1 }
            entries[key] = Entry(paymentId: paymentId, recordedAtMillis: entry.recordedAtMillis, creator: creator.value)
        }
    }

    /// The state of `token` at `nowMillis`, or `nil` when unknown or expired.
    public func state(of token: IdempotencyToken, nowMillis: Int64) -> LedgerState? {
        guard let entry = entries[Key(token)], nowMillis - entry.recordedAtMillis <= retentionMillis else { return nil }
        return entry.paymentId.map { .done(paymentId: $0, creator: EventFingerprint(value: entry.creator)) } ?? .attempting
    }

    /// Drops entries older than the retention window; returns how many were dropped.
    @discardableResult
    public mutating func expire(nowMillis: Int64) -> Int {
        let before = entries.count
        entries = entries.filter { nowMillis - $0.value.recordedAtMillis <= retentionMillis }
        attemptingCount = entries.values.reduce(0) { $0 + ($1.paymentId == nil ? 1 : 0) }
        return before - entries.count
    }
}
