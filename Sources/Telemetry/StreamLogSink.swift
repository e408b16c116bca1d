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
        let line: [UInt8]
        if format == .json {
            var buffer = Self.jsonLineBytes(entry, maximumFieldBytes: maximumFieldBytes)
            buffer.raw("\n")
            line = buffer.bytes
        } else {
            line = Array((Self.textLine(entry, maximumFieldBytes: maximumFieldBytes) + "\n").utf8)
        }
        line.withUnsafeBufferPointer { bytes in
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
    public static func jsonLine(_ entry: LogEntry, maximumFieldBytes: Int) -> String {
        String(decoding: jsonLineBytes(entry, maximumFieldBytes: maximumFieldBytes).bytes, as: UTF8.self)
    }

    /// ``jsonLine(_:maximumFieldBytes:)`` as UTF-8 bytes, built in one buffer sized up front: at info the relay logs a
    /// line per payment (see ``JSONBuffer``).
    static func jsonLineBytes(_ entry: LogEntry, maximumFieldBytes: Int) -> JSONBuffer {
        func field(_ text: String, to out: inout JSONBuffer) {
            out.quoted(LogFieldFormat.truncated(text, maximumBytes: maximumFieldBytes))
        }
        var out = JSONBuffer(capacity: entry.metadata.reduce(96 + entry.label.utf8.count + entry.message.utf8.count) { size, pair in
            size + pair.key.utf8.count + pair.value.utf8.count + 8
        })
        out.raw("{\"timestamp\":\"")
        out.raw(TimestampFormat.rfc3339(entry.timestamp))
        out.raw("\",\"level\":\"")
        out.raw(entry.level.description)
        out.raw("\",\"logger\":")
        field(entry.label, to: &out)
        out.raw(",\"message\":")
        field(entry.message, to: &out)
        for (key, value) in entry.metadata.sorted(by: { $0.key < $1.key }) {
            out.raw(",")
            field(key, to: &out)
            out.raw(":")
            field(value, to: &out)
        }
        out.raw("}")
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
