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
        var json = JSONBuffer(capacity: 512)
        json.raw("{\"eventId\":")
        json.quotedOrNull(eventId)
        json.raw(",\"idempotencyKey\":")
        json.quotedOrNull(idempotencyKey)
        json.raw(",\"status\":")
        json.quoted(status.rawValue)
        json.raw(",\"customerPaymentId\":")
        json.quotedOrNull(customerPaymentId.map(UUIDText.lowercased))
        json.raw(",\"journalCode\":")
        json.quoted(journalCode)
        json.raw(",\"bcToken\":")
        json.quotedOrNull(bcToken)
        json.raw(",\"amount\":")
        json.quotedOrNull(amount?.description)
        json.raw(",\"customerNumber\":")
        json.quotedOrNull(customerNumber)
        json.raw(",\"customerId\":")
        json.quotedOrNull(customerId.map(UUIDText.lowercased))
        json.raw(",\"documentNumber\":")
        json.quotedOrNull(documentNumber)
        json.raw(",\"attempts\":")
        json.integer(attempts)
        if let error {
            json.raw(",\"error\":{\"class\":")
            json.quoted(error.failureClass.rawValue)
            json.raw(",\"code\":")
            json.quotedOrNull(error.code)
            json.raw(",\"message\":")
            json.quoted(error.message)
            json.raw(",\"httpStatus\":")
            if let status = error.httpStatus { json.integer(status) } else { json.raw("null") }
            json.raw("}")
        } else {
            json.raw(",\"error\":null")
        }
        json.raw(",\"source\":{\"topic\":")
        json.quoted(source.topic)
        json.raw(",\"partition\":")
        json.integer(source.partition)
        json.raw(",\"offset\":")
        json.integer(source.offset)
        json.raw("},\"processedAt\":\"")
        json.raw(TimestampFormat.rfc3339(processedAt))
        json.raw("\"}")
        return json.bytes
    }
}
