import Foundation

/// A journal line as a reconciliation sees it (read from BC's `customerPayments`).
public struct JournalLineSnapshot: Sendable, Equatable {
    /// The line's id (`customerPaymentId` in outcomes).
    public var id: UUID
    public var lineNumber: Int
    /// `externalDocumentNumber`: the relay's token on lines it booked.
    public var externalDocumentNumber: String?
    /// The line amount as BC stores it (negative for a payment received).
    public var amount: Decimal
    public var customerNumber: String?
    public var customerId: UUID?
    /// `lastModifiedDateTime`: when the line was created or last edited.
    public var modifiedAt: Date?

    /// Creates a snapshot.
    public init(id: UUID, lineNumber: Int, externalDocumentNumber: String?, amount: Decimal, customerNumber: String? = nil,
                customerId: UUID? = nil, modifiedAt: Date? = nil) {
        self.id = id
        self.lineNumber = lineNumber
        self.externalDocumentNumber = externalDocumentNumber
        self.amount = amount
        self.customerNumber = customerNumber
        self.customerId = customerId
        self.modifiedAt = modifiedAt
    }

    /// The relay token in `externalDocumentNumber`, or `nil` for a line the relay did not book.
    public var token: String? {
        externalDocumentNumber.flatMap { IdempotencyToken(rawValue: $0.trimmingCharacters(in: .whitespaces).uppercased())?.value }
    }
}
