/// The result of parsing one command line against a ``CommandSpec``.
///
/// Accessors take an option's or flag's long name; asking for a name the spec does not declare is a programmer
/// error. Values are strings here; the typed accessors in `ParsedArguments+Values.swift` convert and validate them.
public struct ParsedArguments: Sendable {
    /// The command the arguments were parsed for.
    public let spec: CommandSpec
    /// Whether `-h` or `--help` appeared before any `--`; the caller prints help and exits with 0.
    /// When true, nothing else was parsed or checked.
    public let isHelpRequested: Bool
    /// The positional arguments, in order (including everything after `--`).
    public let positionals: [String]
    private let setFlags: Set<String>
    private let optionValues: [String: [String]]

    init(spec: CommandSpec, isHelpRequested: Bool = false, flags: Set<String> = [], options: [String: [String]] = [:],
         positionals: [String] = []) {
        self.spec = spec
        self.isHelpRequested = isHelpRequested
        self.setFlags = flags
        self.optionValues = options
        self.positionals = positionals
    }

    /// Whether the flag `--long` was given.
    public func flag(_ long: String) -> Bool {
        precondition(spec.flags.contains { $0.long == long }, "command '\(spec.name)' declares no flag '--\(long)'")
        return setFlags.contains(long)
    }

    /// The value of option `--long`, or nil when it was not given (the last value if repeatable).
    public func option(_ long: String) -> String? {
        options(long).last
    }

    /// Every value given for option `--long`, in order.
    public func options(_ long: String) -> [String] {
        precondition(spec.options.contains { $0.long == long }, "command '\(spec.name)' declares no option '--\(long)'")
        return optionValues[long] ?? []
    }
}
