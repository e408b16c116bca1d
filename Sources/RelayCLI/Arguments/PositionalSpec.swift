/// An argument identified by its position, such as the `<file>` of `payment-relay replay <file>`.
///
/// Required positionals come first, then optional ones; a variadic positional, if any, is last and takes the rest.
public struct PositionalSpec: Sendable, Equatable {
    /// The placeholder shown in usage and help, e.g. `file`.
    public var name: String
    /// One sentence for the help text.
    public var help: String
    /// Whether the argument may be left out (a variadic one then accepts zero values, otherwise at least one).
    public var isOptional: Bool
    /// Whether the argument takes every remaining value.
    public var isVariadic: Bool

    /// Creates a positional argument.
    public init(name: String, help: String, isOptional: Bool = false, isVariadic: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = isOptional
        self.isVariadic = isVariadic
    }
}
