import Foundation

/// What the idempotency ledger knows about a token.
public enum LedgerState: Sendable, Equatable {
    /// A create may have been sent; the line may or may not exist.
    case attempting
    /// The line exists with this BC id; `creator` fingerprints the event whose processing created it
    /// (``EventFingerprint/unknown`` when that is not known).
    case done(paymentId: UUID, creator: EventFingerprint)
}
