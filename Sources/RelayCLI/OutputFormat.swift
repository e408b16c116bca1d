import ExactJSON

/// `--output text|json` of `check`, `replay` and `reconcile`: lines for people, or one JSON object for automation.
enum OutputFormat: String, Sendable {
    case text
    case json

    /// The option declaration shared by the commands.
    static let option = OptionSpec(long: "output", valueName: "format", help: "text, or json for one JSON object on standard output.",
                                   defaultDescription: "text")

    /// The value of `--output`; text when absent.
    /// - Throws: ``UsageError`` naming the option and the valid values.
    static func parse(_ arguments: ParsedArguments) throws(UsageError) -> OutputFormat {
        guard let text = arguments.option("output") else { return .text }
        guard let format = OutputFormat(rawValue: text.lowercased()) else {
            throw UsageError("option '--output' expects text or json, got '\(text)'")
        }
        return format
    }

    /// Writes `value` as one line of JSON on standard output.
    static func write(_ value: JSONValue, to output: any CommandOutput) {
        output.line(String(decoding: JSONWriter.bytes(value), as: UTF8.self))
    }
}
