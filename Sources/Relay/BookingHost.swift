import Kafka
import RelayCore

/// What a booking needs from the engine that launched it. Narrow on purpose: ``RecordProcessor`` is built before
/// the engine and holds no reference to it; the engine passes itself with each booking.
protocol BookingHost: Sendable {
    /// The ledger status of `token` in `topicPartition`.
    func ledgerState(_ token: IdempotencyToken, in topicPartition: TopicPartition) -> LedgerStatus?
    /// A ledger entry the booking has just written durably.
    func applyLedger(_ entry: LedgerEntry, in topicPartition: TopicPartition)
    /// `nil` while creates may be sent; otherwise why not (see ``MembershipLease``).
    func leaseRefusal() -> String?
    /// The booking's outcome is durable.
    func completed(_ booking: RelayBooking)
    /// The booking stopped without an outcome (revoke or shutdown).
    func abandoned(_ booking: RelayBooking)
}
