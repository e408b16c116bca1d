import ExactJSON
import Foundation

/// An outcome event as read back from the outcome topic (the fields a reconciliation needs).
///
/// Outcomes written before the customer and document number fields existed read with those `nil`.
public struct RecordedOutcome: Sendable, Equatable {
    public var eventId: String?
    public var status: OutcomeStatus
    /// The BC line the relay booked or found (`created` and `duplicate` only).
    public var customerPaymentId: UUID?
    /// The idempotency token, BC's `externalDocumentNumber`.
    public var token: String?
    public var amount: Amount?
    public var customerNumber: String?
    public var customerId: UUID?
    public var documentNumber: String?
    /// The error class of a `rejected` or `failed` outcome.
    public var errorClass: String?
    public var processedAt: Date
    /// Where the input record was: `topic/partition/offset`.
    public var source: String

    /// Creates an outcome.
    public init(eventId: String?, status: OutcomeStatus, customerPaymentId: UUID?, token: String?, amount: Amount?,
                customerNumber: String? = nil, customerId: UUID? = nil, documentNumber: String? = nil, errorClass: String? = nil,
                processedAt: Date, source: String = "") {
        self.eventId = eventId
        self.status = status
        self.customerPaymentId = customerPaymentId
        self.token = token
        self.amount = amount
        self.customerNumber = customerNumber
        self.customerId = customerId
        self.documentNumber = documentNumber
        self.errorClass = errorClass
        self.processedAt = processedAt
        self.source = source
    }

    /// Reads the JSON value of an outcome record (see ``PaymentOutcome/jsonBytes()``); `nil` when it is not one (not
    /// JSON, no known `status`, no readable `processedAt`).
    public init?(json bytes: [UInt8]) {
        guard let json = JSONValue.parse(bytes), let statusText = json["status"]?.stringValue,
              let status = OutcomeStatus(rawValue: statusText),
              let processedAt = json["processedAt"]?.stringValue.flatMap(CalendarParsing.timestamp)?.instant else { return nil }
        func text(_ name: String) -> String? { json[name]?.stringValue }
        func guid(_ name: String) -> UUID? { text(name).flatMap(UUID.init(uuidString:)) }
        let amount = text("amount").flatMap { try? Amount.parse($0).get() }
        var source = ""
        if let position = json["source"], let topic = position["topic"]?.stringValue {
            source = "\(topic)/\(position["partition"]?.numberLiteral ?? "?")/\(position["offset"]?.numberLiteral ?? "?")"
        }
        self.init(eventId: text("eventId"), status: status, customerPaymentId: guid("customerPaymentId"), token: text("bcToken"),
                  amount: amount, customerNumber: text("customerNumber"), customerId: guid("customerId"),
                  documentNumber: text("documentNumber"), errorClass: json["error"]?["class"]?.stringValue,
                  processedAt: processedAt, source: source)
    }

    /// Whether this outcome says the payment is in BC: `created` or `duplicate`, with a token and a line id.
    public var isBooked: Bool {
        (status == .created || status == .duplicate) && token != nil && customerPaymentId != nil
    }
}
