/// A strict parser for the Prometheus text exposition format (version 0.0.4), for tests that assert on `/metrics`.
///
/// Accepts `# HELP` and `# TYPE` lines, other comments, blank lines and sample lines
/// `name{label="value",...} value [timestamp]`; label values may use the escapes `\\`, `\"` and `\n`.
/// Anything else is an error naming the line, so malformed output fails tests instead of being skipped.
public enum PrometheusTextParser {
    /// Parses `text` into its samples, types and help texts.
    ///
    /// - Throws: ``PrometheusParseError`` for the first malformed line.
    public static func parse(_ text: String) throws(PrometheusParseError) -> PrometheusScrape {
        var scrape = PrometheusScrape()
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var cursor = PrometheusLineCursor(line: Substring(line), number: index + 1)
            if line.isEmpty { continue }
            if line.hasPrefix("#") {
                try parseComment(&cursor, into: &scrape)
            } else {
                scrape.samples.append(try parseSample(&cursor))
            }
        }
        return scrape
    }

    private static func parseComment(_ cursor: inout PrometheusLineCursor,
                                     into scrape: inout PrometheusScrape) throws(PrometheusParseError) {
        cursor.skip("#")
        cursor.skipSpaces()
        let keyword = cursor.word()
        guard keyword == "HELP" || keyword == "TYPE" else { return }
        cursor.skipSpaces()
        let name = try cursor.metricName()
        cursor.skipSpaces()
        let rest = cursor.remainder
        if keyword == "TYPE" {
            let known = ["counter", "gauge", "histogram", "summary", "untyped"]
            guard known.contains(rest) else { throw cursor.error("unknown TYPE '\(rest)'") }
            guard scrape.types[name] == nil else { throw cursor.error("second TYPE line for '\(name)'") }
            scrape.types[name] = rest
        } else {
            scrape.help[name] = try unescapeHelp(rest, cursor: cursor)
        }
    }

    private static func parseSample(_ cursor: inout PrometheusLineCursor) throws(PrometheusParseError) -> PrometheusSample {
        let name = try cursor.metricName()
        var labels: [String: String] = [:]
        if cursor.skip("{") {
            while !cursor.skip("}") {
                let label = try cursor.labelName()
                guard cursor.skip("=") else { throw cursor.error("expected '=' after label '\(label)'") }
                let value = try cursor.quotedString()
                guard labels.updateValue(value, forKey: label) == nil else {
                    throw cursor.error("duplicate label '\(label)'")
                }
                if !cursor.skip(",") && cursor.peek != "}" { throw cursor.error("expected ',' or '}'") }
            }
        }
        guard cursor.skipSpaces() else { throw cursor.error("expected a space before the value") }
        let value = try cursor.sampleValue()
        if cursor.skipSpaces(), !cursor.remainder.isEmpty {
            guard Int64(cursor.remainder) != nil else { throw cursor.error("invalid timestamp '\(cursor.remainder)'") }
        } else if !cursor.remainder.isEmpty {
            throw cursor.error("unexpected '\(cursor.remainder)' after the value")
        }
        return PrometheusSample(name: name, labels: labels, value: value)
    }

    private static func unescapeHelp(_ text: String, cursor: PrometheusLineCursor) throws(PrometheusParseError) -> String {
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "\\": result.append("\\")
                case "n": result.append("\n")
                default: throw cursor.error("invalid escape '\\\(character)' in HELP")
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        guard !escaping else { throw cursor.error("HELP ends with a lone backslash") }
        return result
    }
}
