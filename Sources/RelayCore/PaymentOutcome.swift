import Foundation
import ExactJSON

/// The result event published to the outcome topic, one per input record (key = the input record's key).
///
/// Consumers may see an outcome twice after a crash; `eventId` de-duplicates.
public struct PaymentOutcome: Sendable, Equatable {
    public var eventId: String?
    public var idempotencyKey: String?
    public var status: OutcomeStatus
    public var customerPaymentId: UUID?
    public var journalCode: String
    public var bcToken: String?
    /// The positive amount received, `1500.00`.
    public var amount: Amount?
    /// The event's customer number (as BC stores it: trimmed, upper-cased), when it gave one.
    public var customerNumber: String?
    /// The event's customer id, when it gave one.
    public var customerId: UUID?
    /// The `documentNumber` the line was (or would be) created with: the event's, else the token's when
    /// `RELAY_TOKEN_DOCUMENT_NUMBERS` is on; a posted line is found by it in `generalLedgerEntries`.
    public var documentNumber: String?
    /// Business Central calls made for this record (creates and look-ups).
    public var attempts: Int
    public var error: BookingFailure?
    public var source: SourcePosition
    public var processedAt: Date

    public init(eventId: String?, idempotencyKey: String?, status: OutcomeStatus, customerPaymentId: UUID?, journalCode: String,
                bcToken: String?, amount: Amount?, attempts: Int, error: BookingFailure?, source: SourcePosition, processedAt: Date,
                customerNumber: String? = nil, customerId: UUID? = nil, documentNumber: String? = nil) {
        self.eventId = eventId
        self.idempotencyKey = idempotencyKey
        self.status = status
        self.customerPaymentId = customerPaymentId
        self.journalCode = journalCode
        self.bcToken = bcToken
        self.amount = amount
        self.attempts = attempts
        self.error = error
        self.source = source
        self.processedAt = processedAt
        self.customerNumber = customerNumber
        self.customerId = customerId
        self.documentNumber = documentNumber
    }

    /// The JSON value published (`amount` as a string to stay exact).
    public func jsonBytes() -> [UInt8] {
        var json = "{\"eventId\":" + Self.optional(eventId)
        json += ",\"idempotencyKey\":" + Self.optional(idempotencyKey)
        json += ",\"status\":\"\(status.rawValue)\""
        json += ",\"customerPaymentId\":" + Self.optional(customerPaymentId.map(UUIDText.lowercased))
        json += ",\"journalCode\":" + JSONWriter.quoted(journalCode)
        json += ",\"bcToken\":" + Self.optional(bcToken)
        json += ",\"amount\":" + Self.optional(amount?.description)
        json += ",\"customerNumber\":" + Self.optional(customerNumber)
        json += ",\"customerId\":" + Self.optional(customerId.map(UUIDText.lowercased))
        json += ",\"documentNumber\":" + Self.optional(documentNumber)
        json += ",\"attempts\":\(attempts)"
        if let error {
            json += ",\"error\":{\"class\":" + JSONWriter.quoted(error.failureClass.rawValue)
            json += ",\"code\":" + Self.optional(error.code)
            json += ",\"message\":" + JSONWriter.quoted(error.message)
            json += ",\"httpStatus\":" + (error.httpStatus.map(String.init) ?? "null") + "}"
        } else {
            json += ",\"error\":null"
        }
        json += ",\"source\":{\"topic\":" + JSONWriter.quoted(source.topic)
        json += ",\"partition\":\(source.partition),\"offset\":\(source.offset)}"
        json += ",\"processedAt\":\"\(TimestampFormat.rfc3339(processedAt))\"}"
        return Array(json.utf8)
    }

    private static func optional(_ value: String?) -> String {
        value.map(JSONWriter.quoted) ?? "null"
    }
}
