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
    ///
    /// Works on the UTF-8 bytes: everything that needs escaping is ASCII, and no byte of a multi-byte sequence is,
    /// so the runs between escapes are appended whole (most strings have none) rather than scalar by scalar.
    public static func writeString(_ text: String, to output: inout String) {
        output += "\""
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                append(text, runStart..<index, to: &output)
                output += escape(byte)
                index = utf8.index(after: index)
                runStart = index
            } else {
                index = utf8.index(after: index)
            }
        }
        append(text, runStart..<utf8.endIndex, to: &output)
        output += "\""
    }

    /// Appends the scalars of `text` in `range` exactly: the bounds are scalar boundaries but not always character
    /// boundaries (a quote followed by a combining mark), where `String`'s own subscript would round them.
    private static func append(_ text: String, _ range: Range<String.Index>, to output: inout String) {
        guard !range.isEmpty else { return }
        output.append(contentsOf: Substring(text.unicodeScalars[range]))
    }

    private static func escape(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\""): return "\\\""
        case UInt8(ascii: "\\"): return "\\\\"
        case UInt8(ascii: "\n"): return "\\n"
        case UInt8(ascii: "\r"): return "\\r"
        case UInt8(ascii: "\t"): return "\\t"
        default:
            let hex = String(byte, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
    }
}
