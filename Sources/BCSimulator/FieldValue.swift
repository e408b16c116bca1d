import Foundation

/// A property value of a simulated entity, typed as its OData EDM type, for `$filter` evaluation.
enum FieldValue {
    /// A Code field: stored upper-case; BC upper-cases filter values on Code fields.
    case code(String)
    case text(String)
    case guid(UUID)
    case integer(Int)
    case decimal(Decimal)
    case date(String)

    /// Whether this value equals `literal`; `nil` when the literal's type cannot be compared with the field's.
    func equals(_ literal: ODataFilter.Literal) -> Bool? {
        switch (self, literal) {
        case let (.code(value), .string(text)):
            return value == text.trimmingCharacters(in: .whitespaces).uppercased()
        case let (.text(value), .string(text)):
            // BC online's SQL collation is case-insensitive.
            return value.lowercased() == text.lowercased()
        case let (.guid(value), .bare(text)), let (.guid(value), .string(text)):
            guard let other = UUID(uuidString: text) else { return nil }
            return value == other
        case let (.integer(value), .bare(text)):
            guard let other = Int(text) else { return nil }
            return value == other
        case let (.decimal(value), .bare(text)):
            guard let other = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            return value == other
        case let (.date(value), .bare(text)):
            return value == text
        default:
            return nil
        }
    }
}
