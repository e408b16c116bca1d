/// The `--help` text of a command.
extension ArgumentParser {
    /// The help text: overview, discussion, usage line, then arguments and options with their defaults.
    ///
    /// - Parameters:
    ///   - commandPath: How the command is named in the usage line; defaults to `payment-relay <name>`.
    ///   - listsVersion: Whether to list `--version` (the program answers it before parsing).
    public static func help(for spec: CommandSpec, commandPath: String? = nil, listsVersion: Bool = false) -> String {
        var sections = ["OVERVIEW: \(spec.abstract)"]
        if !spec.discussion.isEmpty { sections.append(spec.discussion) }
        let positionals = spec.positionals.map(usage)
        sections.append((["USAGE: \(path(of: spec, commandPath)) [<options>]"] + positionals).joined(separator: " "))

        var rows: [(String, String)] = []
        let arguments = spec.positionals.map { ("<\($0.name)>" + ($0.isVariadic ? " ..." : ""), $0.help) }
        for option in spec.options {
            var help = option.help
            if let defaultDescription = option.defaultDescription { help += " (default: \(defaultDescription))" }
            if option.isRepeatable { help += " (repeatable)" }
            rows.append((names(long: option.long, short: option.short) + " <\(option.valueName)>", help))
        }
        for flag in spec.flags {
            rows.append((names(long: flag.long, short: flag.short), flag.help))
        }
        rows.append(("-h, --help", "Show help information."))
        if listsVersion { rows.append(("--version", "Show the version.")) }

        let width = min(30, (arguments + rows).map(\.0.count).max() ?? 0) + 2
        if !arguments.isEmpty { sections.append("ARGUMENTS:\n" + table(arguments, width: width)) }
        sections.append("OPTIONS:\n" + table(rows, width: width))
        return sections.joined(separator: "\n\n") + "\n"
    }

    private static func usage(_ positional: PositionalSpec) -> String {
        let word = "<\(positional.name)>" + (positional.isVariadic ? " ..." : "")
        return positional.isOptional ? "[\(word)]" : word
    }

    private static func names(long: String, short: Character?) -> String {
        (short.map { "-\($0), " } ?? "") + "--\(long)"
    }

    /// Two aligned columns; a left cell too wide for the column puts its help on the next line.
    private static func table(_ rows: [(String, String)], width: Int) -> String {
        rows.map { left, right in
            let indent = String(repeating: " ", count: width + 2)
            if left.count >= width { return "  \(left)\n\(indent)\(right)" }
            return "  " + left + String(repeating: " ", count: width - left.count) + right
        }.joined(separator: "\n")
    }
}
