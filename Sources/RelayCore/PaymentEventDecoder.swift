import ExactJSON
import Foundation

/// Decodes and validates payment-received events. Pure: the same bytes always give the same answer.
///
/// Time is linear in the event size, every text field is held to its ``EventFieldLimits`` entry, and a rejection's
/// message quotes at most a short excerpt of the input.
public struct PaymentEventDecoder: Sendable {
    /// Events larger than this are malformed.
    public static let maximumEventBytes = 1_048_576

    /// When set, events whose `currencyCode` differs are rejected (never book a wrong-currency amount).
    public var companyCurrency: String?

    public init(companyCurrency: String? = nil) {
        self.companyCurrency = companyCurrency?.uppercased()
    }

    /// Decodes `bytes` into an event or the specific reason it cannot be one.
    public func decode(_ bytes: [UInt8]) -> Result<PaymentEvent, EventRejection> {
        guard bytes.count <= Self.maximumEventBytes else {
            return .failure(EventRejection(code: "EventTooLarge", message: "event is \(bytes.count) bytes; the limit is \(Self.maximumEventBytes)"))
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            return .failure(EventRejection(code: "InvalidJSON", message: "event is not valid JSON: \(error)"))
        }
        guard case .object = root else {
            return .failure(EventRejection(code: "InvalidJSON", message: "event must be a JSON object, got \(root.typeName)"))
        }
        var fields = EventFieldReader(root: root)
        let eventId = fields.string("eventId", required: true, limit: EventFieldLimits.eventId)
        fields.eventId = eventId
        let result = Result<PaymentEvent, EventRejection> { () throws(EventRejection) -> PaymentEvent in
            try fields.check()
            let key = fields.string("idempotencyKey", limit: EventFieldLimits.idempotencyKey)
            if let type = fields.string("type", limit: EventFieldLimits.formatted), type != "payment.received" {
                throw fields.rejection("UnsupportedType", "type", "type must be 'payment.received', got '\(TextLimit.excerpt(type))'")
            }
            let occurredAt = fields.formatted("occurredAt", code: "InvalidTimestamp", expected: "an RFC 3339 timestamp",
                                              CalendarParsing.timestamp)
            try fields.check()
            let companyId = fields.guid("companyId")
            let customerNumber = fields.code("customerNumber", limit: EventFieldLimits.customerNumber)
            let customerId = fields.guid("customerId")
            try fields.check()
            guard customerNumber != nil || customerId != nil else {
                throw fields.rejection("MissingField", "customerNumber", "customerNumber or customerId is required")
            }
            let amount = try fields.amount("amount")
            let currency = fields.code("currencyCode", limit: EventFieldLimits.currencyCode)
            let postingDate = fields.formatted("postingDate", code: "InvalidDate", expected: "a calendar date YYYY-MM-DD",
                                               CalendarParsing.date)
            try fields.check()
            let documentNumber = fields.code("documentNumber", limit: EventFieldLimits.documentNumber)
            let externalReference = fields.string("externalReference", limit: EventFieldLimits.externalReference)
            let invoiceNumber = fields.code("invoiceNumber", limit: EventFieldLimits.invoiceNumber)
            let invoiceId = fields.guid("invoiceId")
            let description = fields.string("description", limit: EventFieldLimits.description)
            let comment = fields.string("comment", limit: EventFieldLimits.comment)
            try fields.check()
            if let companyCurrency, let currency, currency != companyCurrency {
                throw EventRejection(failureClass: .validation, code: "CurrencyMismatch", field: "currencyCode",
                                     message: "currencyCode \(currency) differs from the company currency \(companyCurrency)", eventId: eventId)
            }
            return PaymentEvent(
                eventId: eventId!, idempotencyKey: key, occurredAt: occurredAt, companyId: companyId,
                customerNumber: customerNumber, customerId: customerId, amount: amount, currencyCode: currency,
                postingDate: postingDate, documentNumber: documentNumber, externalReference: externalReference,
                invoiceNumber: invoiceNumber, invoiceId: invoiceId, description: description, comment: comment
            )
        }
        return result
    }
}
