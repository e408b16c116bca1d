import Foundation

/// What a command may use from its environment: variables, output, standard input and a stop signal.
public struct CommandContext: Sendable {
    /// Environment variables (configuration for `run`, `check`, `replay`).
    public var environment: [String: String]
    public var output: any CommandOutput
    /// Reads standard input line by line; `nil` at end of input.
    public var readLine: @Sendable () -> String?
    /// Installs the SIGINT/SIGTERM handler for long-running commands; the closure is called once on the first signal.
    public var onTerminationSignal: @Sendable (@escaping @Sendable () -> Void) -> Void

    public init(environment: [String: String], output: any CommandOutput, readLine: @escaping @Sendable () -> String? = { nil },
                onTerminationSignal: @escaping @Sendable (@escaping @Sendable () -> Void) -> Void = { _ in }) {
        self.environment = environment
        self.output = output
        self.readLine = readLine
        self.onTerminationSignal = onTerminationSignal
    }
}
