import Foundation

/// A posted sales invoice a payment can be applied to.
public struct SimPostedInvoice: Sendable, Hashable {
    /// The invoice id (`appliesToInvoiceId`).
    public var id: UUID
    /// The invoice number (`appliesToInvoiceNumber`, Code[20]).
    public var number: String
    /// The bill-to customer's number; a payment without a customer takes it.
    public var customerNumber: String

    public init(id: UUID, number: String, customerNumber: String) {
        self.id = id
        self.number = number.uppercased()
        self.customerNumber = customerNumber.uppercased()
    }
}
