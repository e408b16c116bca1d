import Foundation

/// What the idempotency ledger knows about a token.
public enum LedgerState: Sendable, Equatable {
    /// A create may have been sent; the line may or may not exist.
    case attempting
    /// The line exists with this BC id.
    case done(paymentId: UUID)
}
