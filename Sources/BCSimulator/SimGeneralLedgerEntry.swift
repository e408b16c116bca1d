import Foundation

/// A posted general ledger entry (BC's v2.0 `generalLedgerEntries`, read-only). The simulator writes one per posted
/// payment line, on the customer's receivables account: what a client needs to find a posted payment by its
/// `documentNumber` (posted entries carry no `externalDocumentNumber`). The balancing entries are not modelled.
public struct SimGeneralLedgerEntry: Sendable, Hashable {
    public var id: UUID
    public var entryNumber: Int
    public var companyId: UUID
    public var postingDate: String
    public var documentNumber: String
    public var documentType: String
    /// The G/L account posted to (the simulator's receivables account).
    public var accountNumber: String
    public var description: String
    /// Debit is positive; a payment received credits receivables.
    public var amount: Decimal

    /// The receivables account the simulator posts payments to.
    public static let receivablesAccount = "2310"
}
