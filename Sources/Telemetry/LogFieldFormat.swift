/// How log text is made safe to write: bounded in size, and in the text format unable to start a line of its own.
///
/// Why: a value comes from input (an event id, an error that quotes BC's answer). Written raw, a newline in it
/// forges a log line, and a megabyte in it is a megabyte per retry.
enum LogFieldFormat {
    /// `text` cut to at most `maximumBytes` UTF-8 bytes at a scalar boundary, marked with the original size.
    static func truncated(_ text: String, maximumBytes: Int) -> String {
        let size = text.utf8.count
        guard size > maximumBytes else { return text }
        var kept = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > maximumBytes { break }
            kept.append(scalar)
        }
        return String(kept) + "…[truncated, \(size) bytes]"
    }

    /// A metadata value for the text format: as is when it is one plain word, else double-quoted with escapes, so
    /// `key=value` pairs stay unambiguous and the entry stays on one line.
    static func textValue(_ value: String) -> String {
        let isPlain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar != " " && scalar != "\"" && scalar != "=" && scalar != "\\" && !needsEscape(scalar)
        }
        return isPlain ? value : "\"" + escaped(value, quote: true) + "\""
    }

    /// `text` with line breaks and other control characters written as escapes (`\n`, `\u{85}`); with `quote`,
    /// also `"` and `\`.
    static func escaped(_ text: String, quote: Bool) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) || (quote && ($0 == "\"" || $0 == "\\")) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\"" where quote: out += "\\\""
            case "\\" where quote: out += "\\\\"
            default:
                if needsEscape(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// C0 and C1 controls, DEL, and the Unicode line and paragraph separators: anything a terminal or log viewer
    /// may take as a line break or a control sequence.
    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
    }
}
