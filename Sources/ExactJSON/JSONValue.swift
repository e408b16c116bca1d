/// A parsed JSON value that keeps number literals as their exact source text (money must never pass through `Double`).
///
/// One representation for the whole project: the relay's event decoder, the BC client's response decoding and the
/// BC simulator's request parsing and response writing.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number exactly as written, e.g. `1500.00` or `1.5e3`.
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Members in source order. ``JSONParser`` refuses duplicate names; for a value built in code with duplicates,
    /// the last one wins on lookup.
    case object([(key: String, value: JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.number(a), .number(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.array(a), .array(b)): a == b
        case let (.object(a), .object(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    /// The member named exactly `name` (same code units, not merely canonically equivalent) of an object, or `nil`.
    public subscript(name: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        return members.last(where: { $0.key.utf8.elementsEqual(name.utf8) })?.value
    }

    /// The text of a string value, else `nil`.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The literal of a number value, else `nil`.
    public var numberLiteral: String? {
        if case let .number(literal) = self { return literal }
        return nil
    }

    /// The elements of an array value, else `nil`.
    public var arrayValue: [JSONValue]? {
        if case let .array(values) = self { return values }
        return nil
    }

    /// Parses `bytes` as one JSON document; `nil` when it is not valid JSON (see ``JSONParser/parse(_:)`` for why).
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONParser.parse(bytes)
    }

    /// A short name of the JSON type, for error messages.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
