import Foundation

/// The body of a `customerPayments` create (`POST .../customerPaymentJournals({id})/customerPayments`).
///
/// `amount` is sent exactly as given: a payment RECEIVED must be negative (BC accepts a positive amount at create
/// and fails only at posting). `nil` fields are omitted from the JSON body.
public struct CustomerPaymentCreate: Sendable, Equatable {
    /// The journal line number (Int32), or `nil` to let BC take the batch's last line number + 10000. A number that
    /// exists in the journal (or that a concurrent insert holds) is refused with `Internal_EntityWithSameKeyExists`.
    public var lineNumber: Int?
    /// Customer number (Code[20]); at least one of `customerNumber` and `customerId` is set.
    public var customerNumber: String?
    /// Customer GUID.
    public var customerId: UUID?
    /// Posting date, `YYYY-MM-DD`.
    public var postingDate: String?
    /// Document number (Code[20]).
    public var documentNumber: String?
    /// External document number (Code[35]); the relay stores its idempotency token here.
    public var externalDocumentNumber: String?
    /// The line amount, exact; negative for a payment received.
    public var amount: Decimal
    /// Number of the posted sales invoice to apply to (Code[20]).
    public var appliesToInvoiceNumber: String?
    /// GUID of the posted sales invoice to apply to.
    public var appliesToInvoiceId: UUID?
    /// Description (Text[100]).
    public var description: String?
    /// Comment (Text[250]).
    public var comment: String?

    public init(
        customerNumber: String? = nil,
        customerId: UUID? = nil,
        postingDate: String? = nil,
        documentNumber: String? = nil,
        externalDocumentNumber: String? = nil,
        amount: Decimal,
        appliesToInvoiceNumber: String? = nil,
        appliesToInvoiceId: UUID? = nil,
        description: String? = nil,
        comment: String? = nil,
        lineNumber: Int? = nil
    ) {
        self.lineNumber = lineNumber
        self.customerNumber = customerNumber
        self.customerId = customerId
        self.postingDate = postingDate
        self.documentNumber = documentNumber
        self.externalDocumentNumber = externalDocumentNumber
        self.amount = amount
        self.appliesToInvoiceNumber = appliesToInvoiceNumber
        self.appliesToInvoiceId = appliesToInvoiceId
        self.description = description
        self.comment = comment
    }
}
