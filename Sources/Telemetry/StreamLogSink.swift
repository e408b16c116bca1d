import Foundation
import Synchronization
import ExactJSON

/// Writes entries to a file descriptor (stderr by default), one per line, as JSON or human-readable text.
///
/// Every entry is exactly one line in either format (the text format escapes line breaks and control characters),
/// and the message and each metadata value are cut to ``maximumFieldBytes``.
public final class StreamLogSink: LogSink {
    /// The line format.
    public enum Format: String, Sendable {
        /// One JSON object per line: `timestamp`, `level`, `logger`, `message`, then the metadata keys.
        case json
        /// `2026-11-21T10:00:00.000Z info relay: message key=value key="two words" ...`
        case text
    }

    /// The default bound on a message or metadata value, in UTF-8 bytes.
    public static let defaultMaximumFieldBytes = 2048

    private let format: Format
    private let fileDescriptor: Int32
    private let lock = Mutex(())
    /// Longer messages and metadata values are cut to this many UTF-8 bytes and marked with their original size.
    public let maximumFieldBytes: Int

    /// Creates a sink writing to `fileDescriptor` (2 = stderr) in `format`, cutting fields at `maximumFieldBytes`.
    public init(format: Format, fileDescriptor: Int32 = 2, maximumFieldBytes: Int = StreamLogSink.defaultMaximumFieldBytes) {
        self.format = format
        self.fileDescriptor = fileDescriptor
        self.maximumFieldBytes = max(16, maximumFieldBytes)
    }

    public func write(_ entry: LogEntry) {
        var line = format == .json
            ? Self.jsonLine(entry, maximumFieldBytes: maximumFieldBytes)
            : Self.textLine(entry, maximumFieldBytes: maximumFieldBytes)
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

    /// Formats `entry` as one JSON object (no trailing newline), fields cut at ``defaultMaximumFieldBytes``.
    public static func jsonLine(_ entry: LogEntry) -> String {
        jsonLine(entry, maximumFieldBytes: defaultMaximumFieldBytes)
    }

    /// Formats `entry` as one JSON object (no trailing newline), fields cut at `maximumFieldBytes`.
    public static func jsonLine(_ entry: LogEntry, maximumFieldBytes: Int) -> String {
        func field(_ text: String) -> String { JSONWriter.quoted(LogFieldFormat.truncated(text, maximumBytes: maximumFieldBytes)) }
        var out = "{\"timestamp\":\"\(TimestampFormat.rfc3339(entry.timestamp))\",\"level\":\"\(entry.level)\""
        out += ",\"logger\":" + field(entry.label)
        out += ",\"message\":" + field(entry.message)
        for key in entry.metadata.keys.sorted() {
            out += "," + field(key) + ":" + field(entry.metadata[key]!)
        }
        out += "}"
        return out
    }

    /// Formats `entry` as one human-readable line (no trailing newline), fields cut at ``defaultMaximumFieldBytes``.
    public static func textLine(_ entry: LogEntry) -> String {
        textLine(entry, maximumFieldBytes: defaultMaximumFieldBytes)
    }

    /// Formats `entry` as one human-readable line (no trailing newline): control characters in the label and
    /// message are escaped, and a metadata value that is not one plain word is quoted, so no value can forge a line.
    public static func textLine(_ entry: LogEntry, maximumFieldBytes: Int) -> String {
        func cut(_ text: String) -> String { LogFieldFormat.truncated(text, maximumBytes: maximumFieldBytes) }
        var out = "\(TimestampFormat.rfc3339(entry.timestamp)) \(entry.level) "
        out += LogFieldFormat.escaped(cut(entry.label), quote: false) + ": " + LogFieldFormat.escaped(cut(entry.message), quote: false)
        for key in entry.metadata.keys.sorted() {
            out += " " + LogFieldFormat.escaped(cut(key), quote: false) + "=" + LogFieldFormat.textValue(cut(entry.metadata[key]!))
        }
        return out
    }
}
