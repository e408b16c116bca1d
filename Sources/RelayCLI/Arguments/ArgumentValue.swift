import Foundation
import RelayCore

/// Conversions from command-line text to values; each returns nil when the text is malformed.
enum ArgumentValue {
    /// Parses `500ms`, `30s`, `5m`, `1h`, `35d` or a plain number of seconds (see ``DurationText``).
    static func duration(_ text: String) -> Duration? { DurationText.parse(text) }

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
