import Foundation

/// One structured log event as handed to a ``LogSink``.
public struct LogEntry: Sendable, Equatable {
    /// When the event happened.
    public var timestamp: Date
    /// Severity.
    public var level: LogLevel
    /// A fixed message; variable data belongs in ``metadata``.
    public var message: String
    /// Dot-separated keys such as `kafka.partition` or `payment.event_id`.
    public var metadata: [String: String]
    /// The logger's label (the component that logged).
    public var label: String

    public init(timestamp: Date, level: LogLevel, message: String, metadata: [String: String], label: String) {
        self.timestamp = timestamp
        self.level = level
        self.message = message
        self.metadata = metadata
        self.label = label
    }
}

/// Where log entries go: a JSON-lines writer, a text writer, or a capturing sink in tests.
public protocol LogSink: Sendable {
    /// Writes one entry; must be safe to call from any thread.
    func write(_ entry: LogEntry)
}
