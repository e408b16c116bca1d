import Foundation

/// A customer payment journal line as the simulator stored it; posted lines are kept too.
public struct SimLine: Sendable, Hashable {
    public var id: UUID
    public var companyId: UUID
    public var journalId: UUID
    /// The journal's code (`journalDisplayName`).
    public var journal: String
    public var lineNumber: Int
    public var customerId: UUID
    public var customerNumber: String
    /// `YYYY-MM-DD`.
    public var postingDate: String
    public var documentNumber: String
    public var externalDocumentNumber: String
    /// The amount rounded to 2 places, exactly as parsed from the request's JSON literal.
    public var amount: Decimal
    public var appliesToInvoiceId: UUID
    public var appliesToInvoiceNumber: String
    public var description: String
    public var comment: String
    /// When the create request stored the line.
    public var createdAt: Date
    /// Whether the line was posted (it then no longer appears in the journal).
    public var isPosted: Bool
    /// Whether the line was deleted with its journal (it was never posted: no payment).
    public var isDeleted = false
}
