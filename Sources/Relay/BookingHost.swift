import Kafka
import RelayCore

/// What a booking needs from the engine that launched it. Narrow on purpose: ``RecordProcessor`` is built before
/// the engine and holds no reference to it; the engine passes itself with each booking.
///
/// The booking's token is held for it from launch to its end (the engine's same-token gate), so only the booking
/// itself changes the token's ledger status in between: the engine reads that status when it launches the booking
/// and applies what the booking wrote when it ends, in the lock acquisitions it takes anyway (three fewer per booking).
protocol BookingHost: Sendable {
    /// `nil` while creates may be sent; otherwise why not (see ``MembershipLease``).
    func leaseRefusal() -> String?
    /// The booking's outcome is durable. `ledger` is the last ledger entry it wrote durably, if any: applied to the
    /// partition's ledger in the same step, before the token passes to its next booking.
    func completed(_ booking: RelayBooking, ledger: LedgerEntry?)
    /// The booking stopped without an outcome (revoke or shutdown); `ledger` as for ``completed(_:ledger:)``.
    func abandoned(_ booking: RelayBooking, ledger: LedgerEntry?)
}
