import Foundation

/// Typed accessors: each returns nil when the option is absent and throws a ``UsageError`` naming the option
/// when its value is malformed.
extension ParsedArguments {
    /// The option's value as an integer.
    public func int(_ long: String) throws(UsageError) -> Int? {
        try convert(long, expecting: "an integer") { Int($0) }
    }

    /// The option's value as a duration: `500ms`, `30s`, `5m`, `1h`, or a plain number of seconds (`1.5` allowed).
    public func duration(_ long: String) throws(UsageError) -> Duration? {
        try convert(long, expecting: "a duration such as 500ms, 30s, 5m or 1h", ArgumentValue.duration)
    }

    /// The option's value as an RFC 3339 date-time, e.g. `2024-05-01T12:00:00Z` or `2024-05-01T14:00:00.5+02:00`.
    public func date(_ long: String) throws(UsageError) -> Date? {
        try convert(long, expecting: "an RFC 3339 date-time such as 2024-05-01T12:00:00Z", ArgumentValue.date)
    }

    /// The option's value as an inclusive range: `100-200`, `100-`, `-200`, or `100` alone.
    public func int64Range(_ long: String) throws(UsageError) -> Int64Range? {
        try convert(long, expecting: "a range such as 100-200, 100- or -200") { Int64Range(parsing: $0) }
    }

    private func convert<Value>(_ long: String, expecting description: String,
                                _ transform: (String) -> Value?) throws(UsageError) -> Value? {
        guard let text = option(long) else { return nil }
        guard let value = transform(text) else {
            throw UsageError("option '--\(long)' expects \(description), got '\(text)'")
        }
        return value
    }
}
