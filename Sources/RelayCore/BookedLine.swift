import Foundation

/// What the booking needs to know of a Business Central line it created or found.
public struct BookedLine: Sendable, Equatable {
    /// The line's `id`.
    public var paymentId: UUID
    /// The line's `externalDocumentNumber`: the idempotency token of relay-booked lines.
    public var token: String?
    /// The line's `comment`, whose final `event:<eventId>` names the event whose processing created it.
    public var comment: String?

    public init(paymentId: UUID, token: String?, comment: String?) {
        self.paymentId = paymentId
        self.token = token
        self.comment = comment
    }

    /// The `eventId` in the comment's final `event:<eventId>` segment (see ``PaymentTransform/comment(for:)``), if any.
    public var creatorEventId: String? {
        guard let comment else { return nil }
        if let range = comment.range(of: " | event:", options: .backwards) { return String(comment[range.upperBound...]) }
        if comment.hasPrefix("event:") { return String(comment.dropFirst("event:".count)) }
        return nil
    }
}
