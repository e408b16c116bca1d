/// Why a Prometheus text exposition could not be parsed, with the 1-based line number.
public struct PrometheusParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The 1-based line number of the offending line.
    public var line: Int
    /// What is wrong with it.
    public var reason: String

    /// Creates an error.
    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    /// `line N: reason`.
    public var description: String { "line \(line): \(reason)" }
}
