import ExactJSON
import Foundation
import Synchronization
import Telemetry
import Clocks

/// The Business Central API client (v2.0, or v1.0 by configuration): journals, customer payments, lookups, and the
/// start-up checks.
///
/// Every request goes through the shared ``RequestLimiter`` and carries a bearer token from the ``TokenProvider``
/// or, on-premises, HTTP Basic credentials.
/// The client does NOT retry, except once after a 401 with a renewed token; it classifies failures into
/// ``BusinessCentralError`` and throws, and the caller owns retries. Cancellation surfaces as `CancellationError`.
public final class BusinessCentralClient: CustomerPaymentsAPI, Sendable {
    /// The validated configuration.
    public let configuration: BusinessCentralConfiguration
    /// The token source (shared with other clients for the same credentials, if passed in).
    public let tokenProvider: TokenProvider
    /// The process-wide limiter.
    public let limiter: RequestLimiter
    let transport: any HTTPClientTransport
    let logger: Logger
    let observer: (@Sendable (BCRequestEvent) -> Void)?
    let clock: any ServiceClock
    let paths: ODataPath
    let journals = JournalCache()
    /// Queued creates for `$batch` requests; `nil` when ``BusinessCentralConfiguration/maxCreatesPerBatch`` is 1.
    let batcher: CreateBatcher?
    /// The Basic `Authorization` value in Basic mode, `nil` with OAuth; replaced when a 401 finds a rotated key file.
    let basicCredentials: Mutex<Secret?>
    var basicAuthorization: Secret? { basicCredentials.withLock { $0 } }

    /// Creates a client.
    ///
    /// - Parameters:
    ///   - transport: the HTTP seam (``URLSessionTransport`` in production, a fake in tests).
    ///   - observer: called once per HTTP exchange (token requests included), for metrics.
    ///   - limiter: the process-wide limiter; pass the SAME instance to every client. `nil` makes one from the
    ///     configuration.
    ///   - tokenProvider: `nil` makes one from the configuration, the transport and `clock`.
    ///   - clock: the wall clock for token expiry and `Retry-After` dates, and the limiter's monotonic time when
    ///     `limiter` is `nil`.
    /// - Throws: ``ConfigurationError`` (e.g. an `http://` URL without `allowInsecureHTTP`).
    public init(
        configuration: BusinessCentralConfiguration,
        transport: any HTTPClientTransport,
        logger: Logger = .disabled,
        observer: (@Sendable (BCRequestEvent) -> Void)? = nil,
        limiter: RequestLimiter? = nil,
        tokenProvider: TokenProvider? = nil,
        clock: any ServiceClock = SystemClock()
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
        self.observer = observer
        self.clock = clock
        self.limiter = limiter ?? RequestLimiter(configuration: configuration, clock: clock)
        self.tokenProvider = try tokenProvider
            ?? TokenProvider(configuration: configuration, transport: transport, logger: logger, observer: observer, clock: clock)
        paths = ODataPath(baseURL: configuration.apiBaseURL)
        basicCredentials = Mutex(configuration.authentication.basicAuthorization)
        batcher = configuration.maxCreatesPerBatch > 1 ? CreateBatcher(maxOperations: configuration.maxCreatesPerBatch) : nil
    }

    /// Checks the credentials, for readiness probes and the `check` command: with OAuth it fetches (or reuses) an
    /// access token; with Basic, which has no token, it reads `companies?$top=1` (one small authenticated GET).
    ///
    /// - Throws: ``BusinessCentralError`` (`authentication` when the credentials are refused).
    public func checkToken() async throws {
        guard basicAuthorization != nil else {
            _ = try await tokenProvider.accessToken()
            return
        }
        _ = try await perform(.init(operation: "credentials.check", method: "GET", url: paths.url("companies", query: [("$top", "1")])))
    }

    /// The outage probe: ``checkToken()`` (a token request unless one is cached), then `companies({id})`, which
    /// also proves a cached token is still accepted.
    ///
    /// - Throws: ``BusinessCentralError``.
    public func checkAvailability(companyId: UUID) async throws {
        try await checkToken()
        _ = try await company(id: companyId)
    }

    /// Reads `companies({id})`; for the `check` command.
    ///
    /// - Returns: the company's id and `name`.
    /// - Throws: ``BusinessCentralError`` (`permanent` 404 for an unknown company).
    public func company(id: UUID) async throws -> (id: UUID, name: String) {
        let response = try await perform(.init(operation: "company", method: "GET", url: paths.url(ODataPath.company(id))))
        let json = JSONValue.parse(response.body)
        guard let companyId = json?["id"]?.stringValue.flatMap(UUID.init(uuidString:)),
              let name = json?["name"]?.stringValue ?? json?["displayName"]?.stringValue
        else { throw invalidResponse("company", isCreate: false, status: response.status) }
        return (companyId, name)
    }

    func invalidResponse(_ what: String, isCreate: Bool, status: Int) -> BusinessCentralError {
        // A 2xx we cannot read: on a create the line exists, so the caller must look it up, not blindly re-create.
        BusinessCentralError(
            kind: isCreate ? .outcomeUnknown : .transient,
            code: "InvalidResponse",
            message: "unreadable \(what) in a \(status) response",
            httpStatus: status
        )
    }
}
