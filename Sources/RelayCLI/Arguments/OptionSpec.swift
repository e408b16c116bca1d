/// A named option that takes a value: `--limit 10`, `--limit=10` or `-l 10`.
public struct OptionSpec: Sendable, Equatable {
    /// The long name without dashes, e.g. `limit`.
    public var long: String
    /// The optional one-letter short name without the dash, e.g. `l`.
    public var short: Character?
    /// The placeholder shown in help, e.g. `count` for `--limit <count>`.
    public var valueName: String
    /// One sentence for the help text.
    public var help: String
    /// What applies when the option is absent, shown in help as `(default: …)`; the caller applies it.
    public var defaultDescription: String?
    /// Whether the option may be given more than once (all values are kept in order).
    public var isRepeatable: Bool

    /// Creates an option.
    public init(long: String, short: Character? = nil, valueName: String, help: String,
                defaultDescription: String? = nil, isRepeatable: Bool = false) {
        self.long = long
        self.short = short
        self.valueName = valueName
        self.help = help
        self.defaultDescription = defaultDescription
        self.isRepeatable = isRepeatable
    }
}
