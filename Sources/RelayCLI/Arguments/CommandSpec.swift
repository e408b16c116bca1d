/// The declaration of one sub-command: its name, help texts, options, flags and positional arguments.
///
/// `-h` and `--help` are reserved: every command accepts them and ``ArgumentParser`` reports them separately.
/// `--version` is reserved too: ``CommandLineTool`` answers it for every `payment-relay` command before parsing.
public struct CommandSpec: Sendable, Equatable {
    /// The sub-command name, e.g. `replay`.
    public var name: String
    /// One line shown in help and in the list of commands.
    public var abstract: String
    /// Further paragraphs shown in help after the abstract (may be empty).
    public var discussion: String
    /// Options that take a value.
    public var options: [OptionSpec]
    /// Switches without a value.
    public var flags: [FlagSpec]
    /// Positional arguments, in order.
    public var positionals: [PositionalSpec]

    /// Creates a command declaration.
    public init(name: String, abstract: String, discussion: String = "", options: [OptionSpec] = [],
                flags: [FlagSpec] = [], positionals: [PositionalSpec] = []) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options
        self.flags = flags
        self.positionals = positionals
    }

    /// Stops the program when the declaration itself is inconsistent (a programmer error, caught by any test).
    func checkConsistency() {
        let longs = options.map(\.long) + flags.map(\.long)
        let shorts = options.compactMap(\.short) + flags.compactMap(\.short)
        precondition(Set(longs).count == longs.count, "command '\(name)' declares a long name twice: \(longs)")
        precondition(Set(shorts).count == shorts.count, "command '\(name)' declares a short name twice: \(shorts)")
        precondition(!longs.contains("help") && !shorts.contains("h"), "command '\(name)' redeclares the reserved -h/--help")
        precondition(!longs.contains("version"), "command '\(name)' redeclares the reserved --version")
        precondition(longs.allSatisfy { !$0.isEmpty && !$0.hasPrefix("-") && !$0.contains("=") },
                     "command '\(name)' has an invalid long name: \(longs)")
        for (index, positional) in positionals.enumerated() {
            precondition(!positional.isVariadic || index == positionals.count - 1,
                         "command '\(name)': only the last positional may be variadic")
            precondition(positional.isOptional || positionals[..<index].allSatisfy { !$0.isOptional },
                         "command '\(name)': required positional '\(positional.name)' follows an optional one")
        }
    }
}
