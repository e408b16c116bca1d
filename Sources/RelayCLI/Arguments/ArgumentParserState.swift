/// What ``ArgumentParser`` has read so far from one command line.
struct ArgumentParserState {
    let spec: CommandSpec
    let commandPath: String
    private var flags: Set<String> = []
    private var options: [String: [String]] = [:]
    private var positionals: [String] = []
    private var isAfterTerminator = false

    init(spec: CommandSpec, commandPath: String) {
        self.spec = spec
        self.commandPath = commandPath
    }

    /// Reads one argument, taking an option's value from `rest` when it is not attached with `=`.
    mutating func consume(_ argument: String, rest: inout ArraySlice<String>) throws(UsageError) {
        if isAfterTerminator || !Self.looksLikeOption(argument) {
            positionals.append(argument)
        } else if argument == "--" {
            isAfterTerminator = true
        } else if argument.hasPrefix("--") {
            let body = argument.dropFirst(2)
            let name = String(body.prefix { $0 != "=" })
            let attached = body.firstIndex(of: "=").map { String(body[body.index(after: $0)...]) }
            if let option = spec.options.first(where: { $0.long == name }) {
                try record(option, as: "--\(name)", value: attached, rest: &rest)
            } else if spec.flags.contains(where: { $0.long == name }) {
                guard attached == nil else { throw UsageError("flag '--\(name)' does not take a value") }
                flags.insert(name)
            } else {
                throw UsageError("unknown option '--\(name)' for '\(commandPath)'")
            }
        } else {
            let short = argument.dropFirst()
            if short.count == 1, let option = spec.options.first(where: { $0.short == short.first }) {
                try record(option, as: argument, value: nil, rest: &rest)
            } else if short.count == 1, let flag = spec.flags.first(where: { $0.short == short.first }) {
                flags.insert(flag.long)
            } else {
                throw UsageError("unknown option '\(argument)' for '\(commandPath)'")
            }
        }
    }

    /// Checks the positionals against the spec and returns the result.
    func finish() throws(UsageError) -> ParsedArguments {
        let declared = spec.positionals
        let required = declared.filter { !$0.isOptional }.count
        if positionals.count < required {
            throw UsageError("missing argument '<\(declared[positionals.count].name)>'")
        }
        if declared.last?.isVariadic != true, positionals.count > declared.count {
            throw UsageError("unexpected argument '\(positionals[declared.count])'")
        }
        return ParsedArguments(spec: spec, flags: flags, options: options, positionals: positionals)
    }

    private mutating func record(_ option: OptionSpec, as spelling: String, value attached: String?,
                                 rest: inout ArraySlice<String>) throws(UsageError) {
        let value: String
        if let attached {
            value = attached
        } else if let next = rest.first, !Self.looksLikeOption(next) {
            value = next
            rest.removeFirst()
        } else {
            throw UsageError("missing value for option '\(spelling)'")
        }
        if !option.isRepeatable, options[option.long] != nil {
            throw UsageError("option '--\(option.long)' may be given only once")
        }
        options[option.long, default: []].append(value)
    }

    /// Whether `argument` is an option or `--` rather than a value: a dash followed by anything but a digit.
    /// A lone `-` (conventionally standard input) and negative numbers such as `-200` are values.
    static func looksLikeOption(_ argument: String) -> Bool {
        guard argument.hasPrefix("-"), argument.count > 1 else { return false }
        let second = argument[argument.index(after: argument.startIndex)]
        return !(second.isASCII && second.isNumber)
    }
}
