import Foundation

/// Turns a validated event into the Business Central `customerPayments` create. Pure.
///
/// - `amount` becomes the NEGATIVE line amount (a payment received).
/// - `externalDocumentNumber` holds the idempotency token, so a lookup can find the line after a lost response.
/// - `comment` keeps the event traceable from BC: the producer's comment (shortened if needed), then
///   `ref:<externalReference>` when given, then `event:<eventId>`, joined by ` | ` within BC's 250 characters.
public struct PaymentTransform: Sendable {
    /// Used when the event has neither `postingDate` nor `occurredAt`: today's date (UTC) at processing time.
    public var today: @Sendable () -> String
    /// Whether an event without its own `documentNumber` gets the token's (``IdempotencyToken/documentNumber``), so
    /// that its line can still be found after posting (`generalLedgerEntries` carries `documentNumber`).
    public var tokenDocumentNumbers: Bool

    public init(today: @escaping @Sendable () -> String, tokenDocumentNumbers: Bool = false) {
        self.today = today
        self.tokenDocumentNumbers = tokenDocumentNumbers
    }

    /// BC's limit on `comment`.
    public static let commentLimit = 250

    /// The create request for `event`.
    public func request(for event: PaymentEvent) -> PaymentDraft {
        PaymentDraft(
            customerNumber: event.customerNumber,
            customerId: event.customerId,
            postingDate: event.postingDate ?? event.occurredAt?.localDate ?? today(),
            documentNumber: documentNumber(for: event),
            externalDocumentNumber: event.token.value,
            amount: event.amount.bcLineAmount,
            appliesToInvoiceNumber: event.invoiceId == nil ? event.invoiceNumber : nil,
            appliesToInvoiceId: event.invoiceId,
            description: event.description,
            comment: Self.comment(for: event)
        )
    }

    /// The line's `documentNumber`: the event's, else the token's when ``tokenDocumentNumbers`` is on, else none (BC
    /// takes the next number of the journal's series).
    public func documentNumber(for event: PaymentEvent) -> String? {
        event.documentNumber ?? (tokenDocumentNumbers ? event.token.documentNumber : nil)
    }

    /// The traceable comment described above.
    public static func comment(for event: PaymentEvent) -> String {
        var suffix = ""
        if let reference = event.externalReference { suffix += "ref:\(reference) | " }
        suffix += "event:\(event.eventId)"
        guard let own = event.comment, !own.isEmpty else { return suffix }
        // BC counts characters as Unicode scalars; `String.count` (grapheme clusters) would let accents overflow.
        let room = commentLimit - suffix.unicodeScalars.count - 3
        guard room > 0 else { return suffix }
        return TextLimit(characters: room).truncating(own) + " | " + suffix
    }
}
