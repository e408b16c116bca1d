import ExactJSON
import Foundation

/// Reads typed fields from an event object, remembering the first problem.
///
/// Every message quotes input through ``TextLimit/excerpt(_:scalars:)``, so a rejection stays small whatever the
/// event holds.
struct EventFieldReader {
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

    /// A string field within `limit`; `null` or absent is `nil` (unless required). A value over the limit is
    /// reported against `reportedLimit` when given (the field's real limit when `limit` has room for padding).
    mutating func string(_ name: String, required: Bool = false, limit: TextLimit, reportedLimit: TextLimit? = nil) -> String? {
        switch root[name] {
        case nil, .null?:
            if required { record("MissingField", name, "\(name) is required") }
            return nil
        case let .string(value)?:
            if let problem = limit.violation(value) {
                record("FieldTooLong", name, "\(name) \(reportedLimit?.violation(value) ?? problem)")
                return nil
            }
            if value.isEmpty || value.allSatisfy(\.isWhitespace) {
                record("EmptyField", name, "\(name) must not be empty")
                return nil
            }
            return value
        case let other?:
            record("WrongType", name, "\(name) must be a string, got \(other.typeName)")
            return nil
        }
    }

    /// A Code field: trimmed and upper-cased as BC stores it, then checked against `limit` (upper-casing can
    /// lengthen a value: `ß` becomes `SS`).
    mutating func code(_ name: String, limit: TextLimit) -> String? {
        let padded = TextLimit(characters: limit.characters + Self.paddingAllowance)
        guard let raw = string(name, limit: padded, reportedLimit: limit) else { return nil }
        let value = Self.trimmedUppercased(raw)
        if let problem = limit.violation(value) {
            record("FieldTooLong", name, "\(name) \(problem)")
            return nil
        }
        return value
    }

    /// `raw` trimmed of `CharacterSet.whitespaces` and upper-cased. ASCII text (every customer number and currency
    /// code in practice) is done on its bytes: Foundation's trimming looks its character set up per call, ~2% of the
    /// Kafka path's CPU. Anything else goes through Foundation.
    static func trimmedUppercased(_ raw: String) -> String {
        let bytes = raw.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return raw.trimmingCharacters(in: .whitespaces).uppercased() }
        func blank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !blank($0) }), let last = bytes.lastIndex(where: { !blank($0) }) else { return "" }
        return String(decoding: bytes[first...last].map { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") ? $0 - 32 : $0 }, as: UTF8.self)
    }

    /// Blanks around a Code value are trimmed, as BC does; this much padding is tolerated before the check.
    private static let paddingAllowance = 16

    /// A fixed-format string field, passed to `parse`; the message names the format when it does not parse.
    mutating func formatted<T>(_ name: String, code: String, expected: String, _ parse: (String) -> T?) -> T? {
        guard let text = string(name, limit: EventFieldLimits.formatted) else { return nil }
        guard let value = parse(text) else {
            record(code, name, "\(name) must be \(expected), got '\(TextLimit.excerpt(text))'")
            return nil
        }
        return value
    }

    mutating func guid(_ name: String) -> UUID? {
        formatted(name, code: "InvalidGuid", expected: "a GUID") { raw in
            let trimmed = raw.hasPrefix("{") && raw.hasSuffix("}") ? String(raw.dropFirst().dropLast()) : raw
            return UUID(uuidString: trimmed)
        }
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
            throw rejection("InvalidAmount", name, "\(name) '\(TextLimit.excerpt(literal, scalars: 40))' \(problem)")
        }
    }
}
