/// The in-memory view of one ledger partition: token → latest status, within a retention window, at most 24 bytes per
/// token (a ``CompactLedgerTable``). Pure.
///
/// `done` is final: a later `attempting` for the same token (a redelivered record racing a rebalance) never
/// downgrades it. The payment id of a `done` entry is not kept (see ``LedgerStatus``).
///
/// **Retention, at day granularity.** An entry counts from the UTC day it was written through `R` more whole days,
/// `R` = the retention rounded up to whole days: it is treated as absent between `R` and `R + 1` days after it was
/// written (never sooner than the retention), and dropped by ``expire(nowMillis:)`` after that.
public struct IdempotencyLedger: Sendable {
    private var table = CompactLedgerTable()
    /// How long entries count, in milliseconds (default 35 days; applied in whole days, rounded up).
    public var retentionMillis: Int64

    static let millisPerDay: Int64 = 86_400_000

    public init(retention: Duration = .seconds(35 * 86_400)) {
        let (seconds, attoseconds) = retention.components
        retentionMillis = seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }

    /// Number of tokens held (including expired ones not yet dropped).
    public var count: Int { table.count }
    /// Bytes the ledger's table occupies (at most 24 per token; 1 KiB for a nearly empty one).
    public var bytesUsed: Int { table.bytesUsed }
    /// Entries applied so far (loaded or written).
    public private(set) var appliedCount = 0
    /// Tokens whose latest entry is `attempting`: a create may have been sent, its line not yet confirmed.
    public private(set) var attemptingCount = 0
    /// The day ``expire(nowMillis:)`` last scanned the table: entries expire only when the day changes.
    private var expiredOnDay: UInt16 = 0

    /// The retention in whole days, rounded up.
    private var retentionDays: Int {
        Int((max(0, retentionMillis) + Self.millisPerDay - 1) / Self.millisPerDay)
    }

    /// Applies an entry read from or written to the ledger topic.
    public mutating func apply(_ entry: LedgerEntry) {
        appliedCount += 1
        let stamp = Self.dayStamp(entry.recordedAtMillis)
        let retentionDays = self.retentionDays
        var written: CompactLedgerTable.Mark?
        let old = table.upsert(Self.fingerprint(of: entry.token)) { old in
            let mark: CompactLedgerTable.Mark
            switch entry.state {
            case .attempting:
                if let old, old.isDone, Int(stamp) - Int(old.dayStamp) <= retentionDays {
                    mark = old   // `done` is final while it counts
                } else if let old, !old.isDone {
                    mark = CompactLedgerTable.Mark(isDone: false, dayStamp: max(old.dayStamp, stamp), creator: 0)
                } else {
                    mark = CompactLedgerTable.Mark(isDone: false, dayStamp: stamp, creator: 0)
                }
            case let .done(_, creator):
                mark = CompactLedgerTable.Mark(isDone: true, dayStamp: stamp, creator: creator.tag)
            }
            written = mark
            return mark
        }
        if old.map({ !$0.isDone }) ?? false { attemptingCount -= 1 }
        if written.map({ !$0.isDone }) ?? false { attemptingCount += 1 }
    }

    /// The status of `token` at `nowMillis`, or `nil` when unknown or expired.
    public func state(of token: IdempotencyToken, nowMillis: Int64) -> LedgerStatus? {
        guard let mark = table[Self.fingerprint(of: token)],
              Int(Self.dayStamp(nowMillis)) - Int(mark.dayStamp) <= retentionDays else { return nil }
        return mark.isDone ? .done(creator: mark.creator) : .attempting
    }

    /// Drops entries past the retention window (see the type's note on days); returns how many were dropped. Scans
    /// the table at most once per UTC day: within a day nothing more expires (an old entry applied since counts as
    /// absent until the next day's scan drops it).
    @discardableResult
    public mutating func expire(nowMillis: Int64) -> Int {
        let today = Self.dayStamp(nowMillis)
        guard today != expiredOnDay else { return 0 }
        expiredOnDay = today
        let now = Int(today)
        let retentionDays = self.retentionDays
        var attemptingDropped = 0
        let dropped = table.removeAll { mark in
            guard now - Int(mark.dayStamp) > retentionDays else { return false }
            if !mark.isDone { attemptingDropped += 1 }
            return true
        }
        attemptingCount -= attemptingDropped
        return dropped
    }

    // MARK: Keys and days

    /// The top 96 of the token's 160 digest bits (its first 20 base32 digits hold 100).
    static func fingerprint(of token: IdempotencyToken) -> CompactLedgerTable.Fingerprint {
        var bits: UInt128 = 0
        for byte in token.value.utf8.dropFirst(IdempotencyToken.prefix.utf8.count).prefix(20) {
            bits = bits << 5 | UInt128(digits[Int(byte)])
        }
        bits >>= 4
        return CompactLedgerTable.Fingerprint(high: UInt64(truncatingIfNeeded: bits >> 32), low: UInt32(truncatingIfNeeded: bits))
    }

    /// Days since 1970 (UTC) plus one, within `1...65535`.
    static func dayStamp(_ millis: Int64) -> UInt16 {
        let day = millis >= 0 ? millis / millisPerDay : -((-millis + millisPerDay - 1) / millisPerDay)
        return UInt16(min(max(day + 1, 1), Int64(UInt16.max)))
    }

    /// Crockford base32 digit values by ASCII code, as IdempotencyToken writes them.
    private static let digits: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for (value, character) in "0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8.enumerated() { table[Int(character)] = UInt8(value) }
        return table
    }()
}
