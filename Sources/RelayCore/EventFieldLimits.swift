/// The length limits of a payment event's text fields, as Business Central counts them (see ``TextLimit``).
///
/// A value over its limit makes the event malformed (`FieldTooLong`): booking it would only fail in BC, later and
/// after retries.
public enum EventFieldLimits {
    /// `eventId`: 128 characters.
    public static let eventId = TextLimit(characters: 128)
    /// `idempotencyKey`: 128 characters (hashed into the BC token, so any length would fit; this keeps it sane).
    public static let idempotencyKey = TextLimit(characters: 128)
    /// `customerNumber`: BC `Code[20]`.
    public static let customerNumber = TextLimit(characters: 20)
    /// `currencyCode`: BC `Code[10]`.
    public static let currencyCode = TextLimit(characters: 10)
    /// `documentNumber`: BC `Code[20]`.
    public static let documentNumber = TextLimit(characters: 20)
    /// `externalReference`: 35 characters (BC's external document number length).
    public static let externalReference = TextLimit(characters: 35)
    /// `invoiceNumber`: BC `Code[20]`.
    public static let invoiceNumber = TextLimit(characters: 20)
    /// `description`: BC `Text[100]`.
    public static let description = TextLimit(characters: 100)
    /// `comment`: BC `Text[250]`.
    public static let comment = TextLimit(characters: 250)
    /// Fields with a fixed format (`type`, `occurredAt`, `postingDate`, GUIDs): nothing longer can be valid, so a
    /// longer value is refused before it is parsed.
    public static let formatted = TextLimit(characters: 64, utf8Bytes: 64)
}
