import Foundation

/// Conversions from command-line text to values; each returns nil when the text is malformed.
enum ArgumentValue {
    /// Parses `500ms`, `30s`, `5m`, `1h` or a plain number of seconds, exactly to the nanosecond.
    static func duration(_ text: String) -> Duration? {
        let number = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let nanosecondsPerUnit: Int64
        switch text.dropFirst(number.count) {
        case "ms": nanosecondsPerUnit = 1_000_000
        case "s", "": nanosecondsPerUnit = 1_000_000_000
        case "m": nanosecondsPerUnit = 60_000_000_000
        case "h": nanosecondsPerUnit = 3_600_000_000_000
        default: return nil
        }
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty }), let whole = Int64(parts[0]) else { return nil }
        let (wholeNanoseconds, overflow) = whole.multipliedReportingOverflow(by: nanosecondsPerUnit)
        guard !overflow else { return nil }
        var fractionNanoseconds: Int64 = 0
        if parts.count == 2 {
            // Integer arithmetic keeps "0.1s" exactly 100 ms; digits below a nanosecond are dropped.
            let digits = parts[1].prefix(18)
            guard let fraction = Int64(digits) else { return nil }
            let scale = (0..<digits.count).reduce(Int64(1)) { product, _ in product * 10 }
            // fraction / scale < 1, so the quotient is below one unit and cannot overflow.
            fractionNanoseconds = scale.dividingFullWidth(fraction.multipliedFullWidth(by: nanosecondsPerUnit)).quotient
        }
        let (total, overflowTotal) = wholeNanoseconds.addingReportingOverflow(fractionNanoseconds)
        return overflowTotal ? nil : .nanoseconds(total)
    }

    /// Parses an RFC 3339 date-time with a `Z` or `±hh:mm` offset and optional fractional seconds.
    static func date(_ text: String) -> Date? {
        // Formatters are not Sendable; creating them per call is fine for command-line parsing.
        for options: ISO8601DateFormatter.Options in [[.withInternetDateTime],
                                                      [.withInternetDateTime, .withFractionalSeconds]] {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = options
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
