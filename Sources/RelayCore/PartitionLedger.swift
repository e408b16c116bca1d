/// A partition's idempotency ledger with the ledger-topic offset it has read up to: what a load resumes from, whether
/// the load passed its deadline, the partition was revoked while it loaded, or it comes back after a rebalance. Pure.
///
/// Resuming is exact: the ledger partition is the input partition, so every entry written since — by this process or
/// by another member that owned the partition meanwhile — lies at or after ``nextOffset``. Entries this process
/// applied after its load are read again there; applying the log in order gives the same statuses (the last `done`
/// wins, `attempting` never downgrades `done`).
public struct PartitionLedger: Sendable {
    public var ledger: IdempotencyLedger
    /// The next ledger-topic offset to read (0: nothing read yet).
    public var nextOffset: Int64

    public init(ledger: IdempotencyLedger, nextOffset: Int64 = 0) {
        self.ledger = ledger
        self.nextOffset = nextOffset
    }

    /// Fits the start of a load to the partition's current offsets `low..<high`: a ``nextOffset`` outside
    /// `low...high` (records deleted before they were read, or a truncated or recreated topic) means the ledger no
    /// longer matches the topic, so it is emptied and read again from `low`. Returns whether it was emptied.
    public mutating func prepareLoad(low: Int64, high: Int64) -> Bool {
        guard nextOffset < low || nextOffset > high else { return false }
        let restarted = ledger.count > 0 || nextOffset > 0
        ledger = IdempotencyLedger(retention: .milliseconds(ledger.retentionMillis))
        nextOffset = low
        return restarted
    }
}
