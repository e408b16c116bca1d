import ExactJSON
import Foundation

/// Decodes and validates payment-received events. Pure: the same bytes always give the same answer.
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
        var fields = FieldReader(root: root)
        let eventId = fields.string("eventId", required: true, maxLength: 128)
        fields.eventId = eventId
        let result = Result<PaymentEvent, EventRejection> { () throws(EventRejection) -> PaymentEvent in
            try fields.check()
            let key = fields.string("idempotencyKey", maxLength: 128)
            if let type = fields.string("type"), type != "payment.received" {
                throw fields.rejection("UnsupportedType", "type", "type must be 'payment.received', got '\(type.prefix(64))'")
            }
            var occurredAt: CalendarParsing.Timestamp?
            if let text = fields.string("occurredAt") {
                guard let parsed = CalendarParsing.timestamp(text) else {
                    throw fields.rejection("InvalidTimestamp", "occurredAt", "occurredAt must be an RFC 3339 timestamp, got '\(text.prefix(64))'")
                }
                occurredAt = parsed
            }
            let companyId = fields.guid("companyId")
            let customerNumber = fields.code("customerNumber", maxLength: 20)
            let customerId = fields.guid("customerId")
            try fields.check()
            guard customerNumber != nil || customerId != nil else {
                throw fields.rejection("MissingField", "customerNumber", "customerNumber or customerId is required")
            }
            let amount = try fields.amount("amount")
            let currency = fields.string("currencyCode", maxLength: 10)?.uppercased()
            var postingDate: String?
            if let text = fields.string("postingDate") {
                guard let date = CalendarParsing.date(text) else {
                    throw fields.rejection("InvalidDate", "postingDate", "postingDate must be a calendar date YYYY-MM-DD, got '\(text.prefix(64))'")
                }
                postingDate = date
            }
            let documentNumber = fields.code("documentNumber", maxLength: 20)
            let externalReference = fields.string("externalReference", maxLength: 35)
            let invoiceNumber = fields.code("invoiceNumber", maxLength: 20)
            let invoiceId = fields.guid("invoiceId")
            let description = fields.string("description", maxLength: 100)
            let comment = fields.string("comment", maxLength: 250)
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

/// Reads typed fields from the event object, remembering the first problem.
private struct FieldReader {
    let root: JSONValue
    var eventId: String?
    var firstProblem: EventRejection?

    init(root: JSONValue) { self.root = root }

    func rejection(_ code: String, _ field: String, _ message: String) -> EventRejection {
        EventRejection(code: code, field: field, message: message, eventId: eventId)
    }

    func check() throws(EventRejection) {
        if let firstProblem { throw firstProblem }
    }

    private mutating func record(_ code: String, _ field: String, _ message: String) {
        if firstProblem == nil { firstProblem = rejection(code, field, message) }
    }

    /// A string field; `null` or absent is `nil` (unless required).
    mutating func string(_ name: String, required: Bool = false, maxLength: Int? = nil) -> String? {
        switch root[name] {
        case nil, .null?:
            if required { record("MissingField", name, "\(name) is required") }
            return nil
        case let .string(value)?:
            if value.isEmpty || value.allSatisfy(\.isWhitespace) {
                record("EmptyField", name, "\(name) must not be empty")
                return nil
            }
            if let maxLength, value.count > maxLength {
                record("FieldTooLong", name, "\(name) is \(value.count) characters; the limit is \(maxLength)")
                return nil
            }
            return value
        case let other?:
            record("WrongType", name, "\(name) must be a string, got \(other.typeName)")
            return nil
        }
    }

    /// A Code[n] field: trimmed and upper-cased as BC stores it, then length-checked.
    mutating func code(_ name: String, maxLength: Int) -> String? {
        guard let raw = string(name) else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard value.count <= maxLength else {
            record("FieldTooLong", name, "\(name) is \(value.count) characters; the limit is \(maxLength)")
            return nil
        }
        return value
    }

    mutating func guid(_ name: String) -> UUID? {
        guard let raw = string(name) else { return nil }
        let trimmed = raw.hasPrefix("{") && raw.hasSuffix("}") ? String(raw.dropFirst().dropLast()) : raw
        guard let uuid = UUID(uuidString: trimmed) else {
            record("InvalidGuid", name, "\(name) must be a GUID, got '\(raw.prefix(64))'")
            return nil
        }
        return uuid
    }

    mutating func amount(_ name: String) throws(EventRejection) -> Amount {
        let literal: String
        switch root[name] {
        case nil, .null?:
            throw rejection("MissingField", name, "\(name) is required")
        case let .string(value)?:
            literal = value
        case let .number(value)?:
            literal = value
        case let other?:
            throw rejection("WrongType", name, "\(name) must be a decimal string or number, got \(other.typeName)")
        }
        switch Amount.parse(literal) {
        case let .success(amount):
            return amount
        case let .failure(problem):
            throw rejection("InvalidAmount", name, "\(name) '\(literal.prefix(40))' \(problem)")
        }
    }
}
