import Foundation
import ExactJSON

/// The headers added to a dead letter (the original key, value and headers are kept unchanged).
public enum DeadLetterHeaders {
    public static let errorClass = "relay.error.class"
    public static let errorCode = "relay.error.code"
    public static let errorMessage = "relay.error.message"
    public static let httpStatus = "relay.http.status"
    public static let attempts = "relay.attempts"
    public static let originalTopic = "relay.original.topic"
    public static let originalPartition = "relay.original.partition"
    public static let originalOffset = "relay.original.offset"
    public static let originalTimestamp = "relay.original.timestamp"
    public static let failedAt = "relay.failed.at"
    public static let eventId = "relay.event.id"
    /// Set when the dead letter was too large for Kafka and was sent without its value: the original size in bytes.
    public static let valueDropped = "relay.dlq.value.dropped"
    /// Every header name this relay adds, so a replay can strip them before re-publishing.
    public static let all = [errorClass, errorCode, errorMessage, httpStatus, attempts, originalTopic, originalPartition,
                             originalOffset, originalTimestamp, failedAt, eventId, valueDropped]

    /// The longest `relay.error.message`, in bytes.
    public static let maximumMessageBytes = 1024

    /// The relay headers for a record that ends `rejected` or `failed`, in a stable order.
    public static func make(failure: BookingFailure, attempts: Int, source: SourcePosition, eventId: String?, failedAt: Date) -> [(String, String)] {
        var headers: [(String, String)] = [
            (Self.errorClass, failure.failureClass.rawValue),
            (Self.errorCode, failure.code ?? ""),
            (Self.errorMessage, truncated(failure.message, toBytes: maximumMessageBytes)),
            (Self.httpStatus, failure.httpStatus.map(String.init) ?? ""),
            (Self.attempts, String(attempts)),
            (Self.originalTopic, source.topic),
            (Self.originalPartition, String(source.partition)),
            (Self.originalOffset, String(source.offset)),
            (Self.originalTimestamp, source.timestamp.map(TimestampFormat.rfc3339) ?? ""),
            (Self.failedAt, TimestampFormat.rfc3339(failedAt)),
        ]
        if let eventId { headers.append((Self.eventId, eventId)) }
        return headers
    }

    /// `text` cut to at most `limit` UTF-8 bytes on a character boundary.
    public static func truncated(_ text: String, toBytes limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var out = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            if used + size > limit - 3 { break }
            out.append(character)
            used += size
        }
        return out + "..."
    }
}
