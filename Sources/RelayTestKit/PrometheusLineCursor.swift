import Telemetry
/// A position in one line of Prometheus text, with the small lexing steps the parser needs.
struct PrometheusLineCursor {
    private var rest: Substring
    private let number: Int

    init(line: Substring, number: Int) {
        self.rest = line
        self.number = number
    }

    /// The next character, if any.
    var peek: Character? { rest.first }

    /// Everything not yet consumed.
    var remainder: String { String(rest) }

    /// An error for this line.
    func error(_ reason: String) -> PrometheusParseError {
        PrometheusParseError(line: number, reason: reason)
    }

    /// Consumes `character` if it is next.
    @discardableResult
    mutating func skip(_ character: Character) -> Bool {
        guard rest.first == character else { return false }
        rest.removeFirst()
        return true
    }

    /// Consumes spaces and tabs; returns whether there were any.
    @discardableResult
    mutating func skipSpaces() -> Bool {
        let trimmed = rest.drop { $0 == " " || $0 == "\t" }
        defer { rest = trimmed }
        return trimmed.startIndex != rest.startIndex
    }

    /// Consumes characters up to the next space.
    mutating func word() -> String {
        let word = rest.prefix { $0 != " " && $0 != "\t" }
        rest = rest.dropFirst(word.count)
        return String(word)
    }

    /// Consumes a metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    mutating func metricName() throws(PrometheusParseError) -> String {
        let start = remainder
        let name = identifier(allowColon: true)
        guard MetricName.isValidMetricName(name) else { throw error("invalid metric name at '\(start)'") }
        return name
    }

    /// Consumes a label name (`[a-zA-Z_][a-zA-Z0-9_]*`).
    mutating func labelName() throws(PrometheusParseError) -> String {
        let start = remainder
        let name = identifier(allowColon: false)
        guard !name.isEmpty, name.first?.isNumber == false else { throw error("invalid label name at '\(start)'") }
        return name
    }

    /// Consumes a double-quoted label value and returns it unescaped.
    mutating func quotedString() throws(PrometheusParseError) -> String {
        guard skip("\"") else { throw error("expected '\"' to open a label value") }
        var value = ""
        while let character = rest.popFirst() {
            switch character {
            case "\"":
                return value
            case "\\":
                switch rest.popFirst() {
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "n": value.append("\n")
                default: throw error("invalid escape in label value")
                }
            default:
                value.append(character)
            }
        }
        throw error("unterminated label value")
    }

    /// Consumes a sample value: a float, `+Inf`, `-Inf` or `NaN`.
    mutating func sampleValue() throws(PrometheusParseError) -> Double {
        let text = word()
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default:
            guard let value = Double(text), value.isFinite else { throw error("invalid value '\(text)'") }
            return value
        }
    }

    private mutating func identifier(allowColon: Bool) -> String {
        let name = rest.prefix { character in
            character.isASCII && (character.isLetter || character.isNumber || character == "_" || (allowColon && character == ":"))
        }
        rest = rest.dropFirst(name.count)
        return String(name)
    }
}
