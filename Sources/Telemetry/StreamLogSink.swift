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
        line.withUTF8 { bytes in
            lock.withLock { _ in
                var offset = 0
                while offset < bytes.count {
                    let written = Foundation.write(fileDescriptor, bytes.baseAddress! + offset, bytes.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    /// Formats `entry` as one JSON object (no trailing newline), fields cut at ``defaultMaximumFieldBytes``.
    public static func jsonLine(_ entry: LogEntry) -> String {
        jsonLine(entry, maximumFieldBytes: defaultMaximumFieldBytes)
    }

    /// Formats `entry` as one JSON object (no trailing newline), fields cut at `maximumFieldBytes`.
    ///
    /// Written into one buffer sized up front: at info the relay logs a line per payment, and building each field as
    /// its own string was ~4% of the Kafka path's CPU.
    public static func jsonLine(_ entry: LogEntry, maximumFieldBytes: Int) -> String {
        func field(_ text: String, to out: inout String) {
            JSONWriter.writeString(LogFieldFormat.truncated(text, maximumBytes: maximumFieldBytes), to: &out)
        }
        var out = ""
        out.reserveCapacity(entry.metadata.reduce(96 + entry.label.utf8.count + entry.message.utf8.count) { size, pair in
            size + pair.key.utf8.count + pair.value.utf8.count + 8
        })
        out += "{\"timestamp\":\""
        out += TimestampFormat.rfc3339(entry.timestamp)
        out += "\",\"level\":\""
        out += entry.level.description
        out += "\",\"logger\":"
        field(entry.label, to: &out)
        out += ",\"message\":"
        field(entry.message, to: &out)
        for (key, value) in entry.metadata.sorted(by: { $0.key < $1.key }) {
            out += ","
            field(key, to: &out)
            out += ":"
            field(value, to: &out)
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
