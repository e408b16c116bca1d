/// Serialises ``JSONValue`` compactly, members in the order given, numbers exactly as their literals.
public enum JSONWriter {
    /// The UTF-8 JSON text of `value`.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var output = ""
        output.reserveCapacity(512)
        write(value, to: &output)
        return Array(output.utf8)
    }

    /// Appends the JSON text of `value` to `output`.
    public static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .object(let members):
            output += "{"
            for (offset, member) in members.enumerated() {
                if offset > 0 { output += "," }
                writeString(member.key, to: &output)
                output += ":"
                write(member.value, to: &output)
            }
            output += "}"
        case .array(let elements):
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .string(let text):
            writeString(text, to: &output)
        case .number(let literal):
            output += literal
        case .bool(let flag):
            output += flag ? "true" : "false"
        case .null:
            output += "null"
        }
    }

    /// `text` as a quoted JSON string literal (the one escaping routine of the package: logs, outcomes, ledger, BC bodies).
    public static func quoted(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 2)
        writeString(text, to: &output)
        return output
    }

    /// Appends `text` as a quoted JSON string literal.
    public static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
