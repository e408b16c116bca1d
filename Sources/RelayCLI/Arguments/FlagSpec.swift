/// A named switch without a value: `--dry-run` or `-n`.
public struct FlagSpec: Sendable, Equatable {
    /// The long name without dashes, e.g. `dry-run`.
    public var long: String
    /// The optional one-letter short name without the dash, e.g. `n`.
    public var short: Character?
    /// One sentence for the help text.
    public var help: String

    /// Creates a flag.
    public init(long: String, short: Character? = nil, help: String) {
        self.long = long
        self.short = short
        self.help = help
    }
}
