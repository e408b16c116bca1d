/// Parses a sub-command's arguments against its ``CommandSpec`` and renders its help.
///
/// Accepted forms: `--option value`, `--option=value`, `-o value`, `--flag`, `-f`, positionals, and `--` after
/// which everything is positional. An option's value may start with `-` followed by a digit (`--offsets -200`);
/// any other `-…` word is read as an option, so such values need the `--option=value` form.
public enum ArgumentParser {
    /// The executable name used in messages and usage lines.
    public static let programName = "payment-relay"

    /// Parses `arguments` (without the program and command names).
    ///
    /// When `-h` or `--help` appears before `--`, returns at once with ``ParsedArguments/isHelpRequested`` set,
    /// so that help is shown even if the rest of the line is wrong.
    /// - Parameter commandPath: How the command is named in messages; defaults to `payment-relay <name>`.
    /// - Throws: ``UsageError`` for unknown options, missing or repeated values, and missing or extra positionals.
    public static func parse(_ arguments: [String], spec: CommandSpec,
                             commandPath: String? = nil) throws(UsageError) -> ParsedArguments {
        spec.checkConsistency()
        let beforeTerminator = arguments.prefix { $0 != "--" }
        if beforeTerminator.contains("-h") || beforeTerminator.contains("--help") {
            return ParsedArguments(spec: spec, isHelpRequested: true)
        }
        var state = ArgumentParserState(spec: spec, commandPath: path(of: spec, commandPath))
        var remaining = arguments[...]
        while let argument = remaining.popFirst() {
            try state.consume(argument, rest: &remaining)
        }
        return try state.finish()
    }

    /// The full path of a command for messages and usage lines, e.g. `payment-relay replay`.
    static func path(of spec: CommandSpec, _ commandPath: String?) -> String {
        commandPath ?? "\(programName) \(spec.name)"
    }
}
