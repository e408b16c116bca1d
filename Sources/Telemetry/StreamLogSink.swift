import Foundation
import Synchronization

/// Writes entries to a file descriptor (stderr by default), one per line, as JSON or human-readable text.
public final class StreamLogSink: LogSink {
    /// The line format.
    public enum Format: String, Sendable {
        /// One JSON object per line: `timestamp`, `level`, `logger`, `message`, then the metadata keys.
        case json
        /// `2026-11-21T10:00:00.000Z info relay: message key=value ...`
        case text
    }

    private let format: Format
    private let fileDescriptor: Int32
    private let lock = Mutex(())

    /// Creates a sink writing to `fileDescriptor` (2 = stderr) in `format`.
    public init(format: Format, fileDescriptor: Int32 = 2) {
        self.format = format
        self.fileDescriptor = fileDescriptor
    }

    public func write(_ entry: LogEntry) {
        var line = format == .json ? Self.jsonLine(entry) : Self.textLine(entry)
        line.append("\n")
        lock.withLock { _ in
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    Foundation.write(fileDescriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written <= 0 { break }
                offset += written
            }
            bytes.removeAll()
        }
    }

    /// Formats `entry` as one JSON object (no trailing newline).
    public static func jsonLine(_ entry: LogEntry) -> String {
        var out = "{\"timestamp\":\"\(TimestampFormat.rfc3339(entry.timestamp))\",\"level\":\"\(entry.level)\""
        out += ",\"logger\":" + JSONString.quote(entry.label)
        out += ",\"message\":" + JSONString.quote(entry.message)
        for key in entry.metadata.keys.sorted() {
            out += "," + JSONString.quote(key) + ":" + JSONString.quote(entry.metadata[key]!)
        }
        out += "}"
        return out
    }

    /// Formats `entry` as one human-readable line (no trailing newline).
    public static func textLine(_ entry: LogEntry) -> String {
        var out = "\(TimestampFormat.rfc3339(entry.timestamp)) \(entry.level) \(entry.label): \(entry.message)"
        for key in entry.metadata.keys.sorted() {
            out += " \(key)=\(entry.metadata[key]!)"
        }
        return out
    }
}
