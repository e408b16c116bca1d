import ExactJSON
import Foundation

/// Typed, BC-validated access to the properties of a create body.
struct EntityFields {
    private let members: [String: JSONValue]

    /// Refuses properties the entity does not have, as OData does; `ignored` ones are dropped silently.
    init(_ list: [(key: String, value: JSONValue)], known: Set<String>, ignored: Set<String>,
         entity: String) throws(SimulatorFailure) {
        var members: [String: JSONValue] = [:]
        for (key, value) in list where !key.hasPrefix("@odata.") && !ignored.contains(key) {
            guard known.contains(key) else {
                throw SimulatorFailure(ODataError.badRequest(
                    "The property '\(key)' does not exist on type 'Microsoft.NAV.\(entity)'. Make sure to only use property names that are defined by the type"))
            }
            if members[key] == nil { members[key] = value }
        }
        self.members = members
    }

    /// A Code[n] property: trimmed, upper-cased, length-checked.
    func code(_ key: String, maxLength: Int) throws(SimulatorFailure) -> String? {
        guard let raw = try string(key) else { return nil }
        let value = raw.trimmingCharacters(in: .whitespaces).uppercased()
        guard value.count <= maxLength else { throw SimulatorFailure(ODataError.stringTooLong(value, limit: maxLength)) }
        return value
    }

    /// A Text[n] property: length-checked, kept as sent.
    func text(_ key: String, maxLength: Int) throws(SimulatorFailure) -> String? {
        guard let value = try string(key) else { return nil }
        guard value.count <= maxLength else { throw SimulatorFailure(ODataError.stringTooLong(value, limit: maxLength)) }
        return value
    }

    func guid(_ key: String) throws(SimulatorFailure) -> UUID? {
        guard let text = try string(key, type: "Edm.Guid") else { return nil }
        guard let value = UUID(uuidString: text) else { throw Self.literalError(text, "Edm.Guid") }
        return value
    }

    func int32(_ key: String) throws(SimulatorFailure) -> Int? {
        guard let value = members[key], value != .null else { return nil }
        guard case .number(let literal) = value, let number = Int32(literal) else { throw Self.typeError("Edm.Int32") }
        return Int(number)
    }

    /// A date `YYYY-MM-DD`, validated as a real calendar date.
    func date(_ key: String) throws(SimulatorFailure) -> String? {
        guard let text = try string(key, type: "Edm.Date") else { return nil }
        guard text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, ODataDate.isValid(text) else {
            throw Self.literalError(text, "Edm.Date")
        }
        return text
    }

    /// A decimal parsed exactly from the JSON literal and rounded to 2 places (BC's amount precision).
    func decimal(_ key: String, allowString: Bool) throws(SimulatorFailure) -> Decimal? {
        guard let value = members[key], value != .null else { return nil }
        let literal: String
        switch value {
        case .number(let text):
            literal = text
        case .string(let text) where allowString:
            // IEEE754Compatible=true clients send decimals as strings; the text must still be a JSON number.
            guard case .number(let text)? = try? JSONParser.parse(Array(text.utf8)) else { throw Self.literalError(text, "Edm.Decimal") }
            literal = text
        default:
            throw Self.typeError("Edm.Decimal")
        }
        guard var parsed = Decimal(string: literal, locale: Locale(identifier: "en_US_POSIX")), !parsed.isNaN,
              abs(parsed) <= Decimal(string: "999999999999999.99")! else {
            throw Self.literalError(literal, "Edm.Decimal")
        }
        var rounded = Decimal()
        NSDecimalRound(&rounded, &parsed, 2, .plain)
        return rounded
    }

    private func string(_ key: String, type: String = "Edm.String") throws(SimulatorFailure) -> String? {
        guard let value = members[key], value != .null else { return nil }
        guard case .string(let text) = value else { throw Self.typeError(type) }
        return text
    }

    private static func typeError(_ type: String) -> SimulatorFailure {
        SimulatorFailure(ODataError.badRequest(
            "Cannot convert a primitive value to the expected type '\(type)'. See the inner exception for more details"))
    }

    private static func literalError(_ literal: String, _ type: String) -> SimulatorFailure {
        SimulatorFailure(ODataError.badRequest("Cannot convert the literal '\(literal)' to the expected type '\(type)'"))
    }
}
