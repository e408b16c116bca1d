/// What the in-memory ledger knows about a token: ``LedgerState`` without the payment id, which the compact table
/// does not keep (16 bytes per token; the id is looked up in Business Central when an outcome needs it).
public enum LedgerStatus: Sendable, Equatable {
    /// A create may have been sent; the line may or may not exist.
    case attempting
    /// The line exists; `creator` is the ``EventFingerprint/tag`` of the event whose processing created it (0: unknown).
    case done(creator: UInt16)
}
