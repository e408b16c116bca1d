import Telemetry
import Synchronization

/// Keeps every entry in memory; for tests that assert on what was logged (and what was not, such as secrets).
public final class CapturingLogSink: LogSink {
    private let storage = Mutex<[LogEntry]>([])

    public init() {}

    public func write(_ entry: LogEntry) {
        storage.withLock { $0.append(entry) }
    }

    /// Everything written so far, in order.
    public var entries: [LogEntry] { storage.withLock { $0 } }

    /// Every entry rendered as a JSON line, for substring searches.
    public var renderedLines: [String] { entries.map(StreamLogSink.jsonLine) }
}
