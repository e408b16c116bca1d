import Foundation

/// What the relay's `relay.*` headers say about a dead letter: why it failed and where it came from.
///
/// A record is a dead letter of this relay when it carries `relay.error.class`; anything else is not ours. When a
/// header appears more than once the LAST occurrence wins (the relay appends its headers after the originals).
public struct DeadLetterMetadata: Sendable, Equatable {
    /// `relay.error.class`, e.g. `transient`, `permanent`, `malformed`.
    public var errorClass: String
    /// `relay.error.code`; `nil` when absent or empty.
    public var errorCode: String?
    /// `relay.error.message`; `nil` when absent or empty.
    public var errorMessage: String?
    /// `relay.http.status` as a number, when present and numeric.
    public var httpStatus: Int?
    /// `relay.attempts` as a number, when present and numeric.
    public var attempts: Int?
    /// `relay.original.topic`; `nil` when absent or empty.
    public var originalTopic: String?
    /// `relay.original.partition`, when present and numeric.
    public var originalPartition: Int32?
    /// `relay.original.offset`, when present and numeric.
    public var originalOffset: Int64?
    /// `relay.failed.at` as written (RFC 3339); `nil` when absent or empty.
    public var failedAtText: String?
    /// `relay.failed.at` parsed; `nil` when absent or not RFC 3339.
    public var failedAt: Date?
    /// `relay.event.id`; `nil` when absent or empty (e.g. malformed events).
    public var eventId: String?

    /// Reads the relay headers from `headers` (name, UTF-8 value); `nil` when `relay.error.class` is missing.
    public init?(headers: [(name: String, value: String?)]) {
        var latest: [String: String] = [:]
        for (name, value) in headers where name.hasPrefix("relay.") {
            latest[name] = value ?? ""
        }
        func text(_ name: String) -> String? {
            guard let value = latest[name], !value.isEmpty else { return nil }
            return value
        }
        guard let errorClass = text(DeadLetterHeaders.errorClass) else { return nil }
        self.errorClass = errorClass
        errorCode = text(DeadLetterHeaders.errorCode)
        errorMessage = text(DeadLetterHeaders.errorMessage)
        httpStatus = text(DeadLetterHeaders.httpStatus).flatMap { Int($0) }
        attempts = text(DeadLetterHeaders.attempts).flatMap { Int($0) }
        originalTopic = text(DeadLetterHeaders.originalTopic)
        originalPartition = text(DeadLetterHeaders.originalPartition).flatMap { Int32($0) }
        originalOffset = text(DeadLetterHeaders.originalOffset).flatMap { Int64($0) }
        failedAtText = text(DeadLetterHeaders.failedAt)
        failedAt = failedAtText.flatMap { CalendarParsing.timestamp($0)?.instant }
        eventId = text(DeadLetterHeaders.eventId)
    }

    /// `<topic>/<partition>/<offset>` of the original input record (empty parts when unknown).
    public var originalPosition: String {
        "\(originalTopic ?? "")/\(originalPartition.map(String.init) ?? "")/\(originalOffset.map(String.init) ?? "")"
    }
}
