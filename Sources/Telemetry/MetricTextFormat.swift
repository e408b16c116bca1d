/// Writing the Prometheus text exposition format (version 0.0.4): numbers, escaping and sample lines.
enum MetricTextFormat {
    /// `value` as Prometheus writes it: integral values without a fraction, `+Inf`, `-Inf` and `NaN`.
    static func number(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        // Integral values print as integers ("3", not "3.0") while they are exactly representable.
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value with `\`, `"` and newline escaped.
    static func escapeLabelValue(_ value: String) -> String {
        guard value.contains(where: { $0 == "\\" || $0 == "\"" || $0 == "\n" }) else { return value }
        var escaped = ""
        escaped.reserveCapacity(value.count + 2)
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// HELP text with `\` and newline escaped (quotes are not escaped in HELP lines).
    static func escapeHelp(_ help: String) -> String {
        help.replacingOccurrences("\\", with: "\\\\").replacingOccurrences("\n", with: "\\n")
    }

    /// Appends the `# HELP` and `# TYPE` lines of a family.
    static func appendHeader(name: String, help: String, type: String, to output: inout String) {
        output += "# HELP \(name) \(escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    /// Appends one sample line: `name{label="value",...} value`.
    static func appendSample(name: String, labelNames: [String], labelValues: [String],
                             extra: (name: String, value: String)? = nil, value: Double, to output: inout String) {
        output += name
        if !labelNames.isEmpty || extra != nil {
            output += "{"
            var first = true
            for (labelName, labelValue) in zip(labelNames, labelValues) {
                if !first { output += "," }
                first = false
                output += "\(labelName)=\"\(escapeLabelValue(labelValue))\""
            }
            if let extra {
                if !first { output += "," }
                output += "\(extra.name)=\"\(extra.value)\""
            }
            output += "}"
        }
        output += " \(number(value))\n"
    }
}

private extension String {
    func replacingOccurrences(_ target: Character, with replacement: String) -> String {
        guard contains(target) else { return self }
        var result = ""
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
