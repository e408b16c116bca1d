import Foundation
import Synchronization
import Telemetry
import Clocks

/// OAuth 2.0 client-credentials tokens for Business Central: cached, renewed before they expire, with concurrent
/// callers sharing ONE renewal in flight.
///
/// Tokens and the client secret never appear in logs, errors or events.
public final class TokenProvider: Sendable {
    private enum Pending {
        case cached(Secret)
        case renewing(Task<CachedToken, any Error>)
    }

    private struct State {
        var cached: CachedToken?
        var renewal: Task<CachedToken, any Error>?
    }

    let configuration: BusinessCentralConfiguration
    let transport: any HTTPClientTransport
    let logger: Logger
    let observer: (@Sendable (BCRequestEvent) -> Void)?
    let clock: any ServiceClock
    private let state = Mutex(State())

    /// Creates a provider; nothing is fetched until the first ``accessToken()``.
    ///
    /// - Parameter clock: the wall clock deciding expiry (injected in tests).
    /// - Throws: ``ConfigurationError`` when the configuration is invalid.
    public init(
        configuration: BusinessCentralConfiguration,
        transport: any HTTPClientTransport,
        logger: Logger = .disabled,
        observer: (@Sendable (BCRequestEvent) -> Void)? = nil,
        clock: any ServiceClock = SystemClock()
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.observer = observer
        self.clock = clock
    }

    /// A valid access token: the cached one, or a new one when it is due for renewal.
    ///
    /// - Throws: ``BusinessCentralError`` (`authentication` when the credentials are refused).
    public func accessToken() async throws -> Secret {
        try await token(discarding: nil, unconditionally: false)
    }

    /// Discards the cached token and fetches a new one (joining a renewal already in flight).
    public func forceRenewal() async throws {
        _ = try await token(discarding: nil, unconditionally: true)
    }

    /// After a 401: renews unless another caller already replaced `rejected`, so N concurrent 401s cost ONE renewal.
    func renewal(afterRejecting rejected: Secret) async throws -> Secret {
        try await token(discarding: rejected, unconditionally: false)
    }

    private func token(discarding rejected: Secret?, unconditionally: Bool) async throws -> Secret {
        let now = clock.now()
        let pending: Pending = state.withLock { state in
            if let renewal = state.renewal { return .renewing(renewal) }
            if let cached = state.cached, !unconditionally, cached.token != rejected, now < cached.renewAt {
                return .cached(cached.token)
            }
            let renewal = Task { try await self.renew() }
            state.renewal = renewal
            return .renewing(renewal)
        }
        switch pending {
        case .cached(let token): return token
        case .renewing(let renewal): return try await renewal.value.token
        }
    }

    private func renew() async throws -> CachedToken {
        do {
            let fresh = try await fetchToken()
            state.withLock { $0.cached = fresh; $0.renewal = nil }
            return fresh
        } catch {
            state.withLock { $0.renewal = nil }
            throw error
        }
    }
}
