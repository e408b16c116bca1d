/// One sub-command of `payment-relay`.
public protocol RelayCommand: Sendable {
    /// Its name, options, flags and help text.
    static var spec: CommandSpec { get }
    /// Runs the command with parsed arguments; returns the process exit code.
    static func execute(_ arguments: ParsedArguments, context: CommandContext) async throws -> Int32
}
