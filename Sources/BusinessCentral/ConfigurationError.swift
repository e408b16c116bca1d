/// A configuration value that is missing or invalid; the message names the setting (`BC_API_URL`, ...).
public struct ConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The setting's name as the operator writes it (an environment variable name).
    public var setting: String
    /// What is wrong, never containing a secret value.
    public var message: String

    /// Creates an error about `setting`.
    public init(setting: String, message: String) {
        self.setting = setting
        self.message = message
    }

    public var description: String { "invalid configuration \(setting): \(message)" }
}
