import Foundation
import Synchronization

/// Issues opaque bearer tokens and remembers whose they are and when they expire.
final class TokenIssuer: Sendable {
    private let lifetime: Duration
    private let tokens = Mutex<[String: (clientId: String, expiresAt: ContinuousClock.Instant)]>([:])

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    func issue(for clientId: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let random = (0..<48).map { _ in UInt8.random(in: 0...255, using: &generator) }
        // Shaped like a JWT so log redaction written against real tokens is exercised.
        let token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Data(random).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let expiry = ContinuousClock.now.advanced(by: lifetime)
        tokens.withLock { tokens in
            // Forget expired tokens now and then so long runs do not grow without bound.
            if tokens.count > 10_000 { tokens = tokens.filter { $0.value.expiresAt > .now } }
            tokens[token] = (clientId, expiry)
        }
        return token
    }

    /// The client id of a valid, unexpired token, or `nil`.
    func clientId(for token: String) -> String? {
        tokens.withLock { tokens in
            guard let entry = tokens[token], entry.expiresAt > .now else { return nil }
            return entry.clientId
        }
    }

    var expiresInSeconds: Int { Int(lifetime.components.seconds) }
}
