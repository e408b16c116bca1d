import Foundation

/// A `customerPayments` line as Business Central returns it (201 on create, or an element of a GET's `value`).
public struct CustomerPayment: Sendable, Equatable {
    public var id: UUID
    public var journalId: UUID?
    public var journalDisplayName: String?
    public var lineNumber: Int
    public var customerId: UUID?
    public var customerNumber: String?
    public var postingDate: String?
    public var documentNumber: String?
    public var externalDocumentNumber: String?
    /// Exact decimal as BC returned it.
    public var amount: Decimal
    public var appliesToInvoiceId: UUID?
    public var appliesToInvoiceNumber: String?
    public var description: String?
    public var comment: String?
    public var lastModifiedDateTime: String?
    /// The `@odata.etag` of the line.
    public var etag: String?

    public init(
        id: UUID,
        journalId: UUID? = nil,
        journalDisplayName: String? = nil,
        lineNumber: Int,
        customerId: UUID? = nil,
        customerNumber: String? = nil,
        postingDate: String? = nil,
        documentNumber: String? = nil,
        externalDocumentNumber: String? = nil,
        amount: Decimal,
        appliesToInvoiceId: UUID? = nil,
        appliesToInvoiceNumber: String? = nil,
        description: String? = nil,
        comment: String? = nil,
        lastModifiedDateTime: String? = nil,
        etag: String? = nil
    ) {
        self.id = id
        self.journalId = journalId
        self.journalDisplayName = journalDisplayName
        self.lineNumber = lineNumber
        self.customerId = customerId
        self.customerNumber = customerNumber
        self.postingDate = postingDate
        self.documentNumber = documentNumber
        self.externalDocumentNumber = externalDocumentNumber
        self.amount = amount
        self.appliesToInvoiceId = appliesToInvoiceId
        self.appliesToInvoiceNumber = appliesToInvoiceNumber
        self.description = description
        self.comment = comment
        self.lastModifiedDateTime = lastModifiedDateTime
        self.etag = etag
    }
}
