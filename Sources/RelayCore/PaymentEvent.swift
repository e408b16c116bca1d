import Foundation

/// A validated payment-received event (see the README's "Input events" table for the rules).
public struct PaymentEvent: Sendable, Equatable {
    /// Unique per event, 1–128 characters.
    public var eventId: String
    /// Two events with one key are ONE payment; defaults to ``eventId``.
    public let idempotencyKey: String
    /// The token stored in BC's `externalDocumentNumber`, derived from ``idempotencyKey`` once: a booking reads it
    /// several times (gate, create, outcome, log line), and each derivation is a SHA-256.
    public let token: IdempotencyToken
    /// When the payment happened, if the producer said.
    public var occurredAt: CalendarParsing.Timestamp?
    /// The company to book into; `nil` means the configured default.
    public var companyId: UUID?
    /// Customer number, upper-cased and trimmed as BC stores Code fields.
    public var customerNumber: String?
    public var customerId: UUID?
    /// Positive amount received.
    public var amount: Amount
    /// ISO currency code as sent (upper-cased), if any.
    public var currencyCode: String?
    /// `YYYY-MM-DD` if the producer gave one.
    public var postingDate: String?
    public var documentNumber: String?
    public var externalReference: String?
    public var invoiceNumber: String?
    public var invoiceId: UUID?
    public var description: String?
    public var comment: String?

    public init(
        eventId: String, idempotencyKey: String? = nil, occurredAt: CalendarParsing.Timestamp? = nil, companyId: UUID? = nil,
        customerNumber: String? = nil, customerId: UUID? = nil, amount: Amount, currencyCode: String? = nil,
        postingDate: String? = nil, documentNumber: String? = nil, externalReference: String? = nil,
        invoiceNumber: String? = nil, invoiceId: UUID? = nil, description: String? = nil, comment: String? = nil
    ) {
        self.eventId = eventId
        self.idempotencyKey = idempotencyKey ?? eventId
        token = IdempotencyToken(idempotencyKey: idempotencyKey ?? eventId)
        self.occurredAt = occurredAt
        self.companyId = companyId
        self.customerNumber = customerNumber
        self.customerId = customerId
        self.amount = amount
        self.currencyCode = currencyCode
        self.postingDate = postingDate
        self.documentNumber = documentNumber
        self.externalReference = externalReference
        self.invoiceNumber = invoiceNumber
        self.invoiceId = invoiceId
        self.description = description
        self.comment = comment
    }
}
