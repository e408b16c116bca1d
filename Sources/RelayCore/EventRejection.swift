/// Why an input record cannot become a payment, with the offending field when there is one.
public struct EventRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// `malformed` (not JSON, wrong types, limits) or `validation` (a business rule such as the currency).
    public var failureClass: FailureClass
    /// A stable code for filtering, e.g. `InvalidJSON`, `MissingField`, `FieldTooLong`, `CurrencyMismatch`.
    public var code: String
    /// The field concerned (`amount`, `customerNumber`, ...), if any.
    public var field: String?
    /// A specific, human-readable reason.
    public var message: String
    /// The event id when it could be read, so the outcome can still name the event.
    public var eventId: String?

    public init(failureClass: FailureClass = .malformed, code: String, field: String? = nil, message: String, eventId: String? = nil) {
        self.failureClass = failureClass
        self.code = code
        self.field = field
        self.message = message
        self.eventId = eventId
    }

    public var description: String { message }
}
