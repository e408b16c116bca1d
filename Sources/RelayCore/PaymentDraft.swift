import Foundation

/// The customer payment line the core wants created, in the core's own terms; the shell turns it into the BC
/// client's request. `nil` fields are not sent.
public struct PaymentDraft: Sendable, Equatable {
    /// The line slot (see ``LineSlots``), or `nil` to let BC number the line.
    public var lineNumber: Int?
    public var customerNumber: String?
    public var customerId: UUID?
    /// `YYYY-MM-DD`.
    public var postingDate: String?
    public var documentNumber: String?
    /// The idempotency token.
    public var externalDocumentNumber: String?
    /// The line amount: negative for a payment received.
    public var amount: Decimal
    public var appliesToInvoiceNumber: String?
    public var appliesToInvoiceId: UUID?
    public var description: String?
    public var comment: String?

    public init(lineNumber: Int? = nil, customerNumber: String? = nil, customerId: UUID? = nil, postingDate: String? = nil,
                documentNumber: String? = nil, externalDocumentNumber: String? = nil, amount: Decimal,
                appliesToInvoiceNumber: String? = nil, appliesToInvoiceId: UUID? = nil, description: String? = nil,
                comment: String? = nil) {
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
