import Foundation

/// A structured logger: a label, a minimum level, metadata carried into every entry, and a sink.
///
/// Loggers are values; pass them in rather than creating them inside libraries, and add context with
/// ``with(_:)`` (`logger.with(["kafka.partition": "3"])`).
public struct Logger: Sendable {
    /// The component name written with every entry.
    public var label: String
    /// Entries below this level are dropped before formatting.
    public var minimumLevel: LogLevel
    /// Metadata merged into every entry (entry metadata wins on conflicts).
    public var metadata: [String: String]
    /// The destination.
    public var sink: any LogSink

    public init(label: String, minimumLevel: LogLevel = .info, metadata: [String: String] = [:], sink: any LogSink) {
        self.label = label
        self.minimumLevel = minimumLevel
        self.metadata = metadata
        self.sink = sink
    }

    /// A logger that discards everything (the default for library code under test).
    public static let disabled = Logger(label: "disabled", minimumLevel: .critical, sink: NullLogSink())

    /// A copy of this logger with extra metadata.
    public func with(_ extra: [String: String]) -> Logger {
        var copy = self
        copy.metadata.merge(extra) { _, new in new }
        return copy
    }

    /// A copy of this logger with another label.
    public func labelled(_ label: String) -> Logger {
        var copy = self
        copy.label = label
        return copy
    }

    /// Whether an entry at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= minimumLevel }

    /// Logs `message` at `level`; the message is only built when the level is enabled.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) {
        guard isEnabled(level) else { return }
        var merged = self.metadata
        if !metadata.isEmpty { merged.merge(metadata) { _, new in new } }
        sink.write(LogEntry(timestamp: Date(), level: level, message: message(), metadata: merged, label: label))
    }

    public func trace(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.trace, message(), metadata) }
    public func debug(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.debug, message(), metadata) }
    public func info(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.info, message(), metadata) }
    public func notice(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.notice, message(), metadata) }
    public func warning(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.warning, message(), metadata) }
    public func error(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.error, message(), metadata) }
    public func critical(_ message: @autoclosure () -> String, _ metadata: [String: String] = [:]) { log(.critical, message(), metadata) }
}

/// A sink that drops every entry.
public struct NullLogSink: LogSink {
    public init() {}
    public func write(_ entry: LogEntry) {}
}
