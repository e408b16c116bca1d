/// A mistake in the command line; the caller prints ``message`` (and a hint to use `--help`) and exits with 2.
public struct UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, naming the offending option or argument, e.g. `missing value for option '--limit'`.
    public var message: String

    /// Creates a usage error.
    public init(_ message: String) {
        self.message = message
    }

    /// The process exit status for usage errors (2, as for most Unix tools).
    public var exitCode: Int32 { 2 }

    /// The message.
    public var description: String { message }
}
