/// Serialises ``JSONValue`` compactly, members in the order given, numbers exactly as their literals.
///
/// Strings are escaped by ``JSONBuffer/quoted(_:)``, the one escaping routine of the package (logs, outcomes, ledger,
/// BC bodies).
public enum JSONWriter {
    /// The UTF-8 JSON text of `value`.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output = JSONBuffer(capacity: 512)
        write(value, to: &output)
        return output.bytes
    }

    /// Appends the JSON text of `value` to `output`.
    public static func write(_ value: JSONValue, to output: inout JSONBuffer) {
        switch value {
        case .object(let members):
            output.raw("{")
            for (offset, member) in members.enumerated() {
                if offset > 0 { output.raw(",") }
                output.quoted(member.key)
                output.raw(":")
                write(member.value, to: &output)
            }
            output.raw("}")
        case .array(let elements):
            output.raw("[")
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output.raw(",") }
                write(element, to: &output)
            }
            output.raw("]")
        case .string(let text):
            output.quoted(text)
        case .number(let literal):
            output.raw(literal)
        case .bool(let flag):
            output.raw(flag ? "true" : "false")
        case .null:
            output.raw("null")
        }
    }

    /// `text` as a quoted JSON string literal.
    public static func quoted(_ text: String) -> String {
        var output = JSONBuffer(capacity: text.utf8.count + 2)
        output.quoted(text)
        return String(decoding: output.bytes, as: UTF8.self)
    }
}
