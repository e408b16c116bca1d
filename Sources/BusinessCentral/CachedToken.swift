import Foundation

/// An access token with the instant it should be renewed and the instant it expires.
struct CachedToken: Sendable {
    var token: Secret
    var renewAt: Date
    var expiresAt: Date

    /// The renewal instant: `expires_in` minus the configured margin, the margin capped at a tenth of the lifetime.
    init(token: Secret, issuedAt: Date, lifetime: TimeInterval, renewalMargin: Duration) {
        self.token = token
        let margin = min(Double(renewalMargin.components.seconds), lifetime / 10)
        expiresAt = issuedAt.addingTimeInterval(lifetime)
        renewAt = issuedAt.addingTimeInterval(lifetime - margin)
    }
}
