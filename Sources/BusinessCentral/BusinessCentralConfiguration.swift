import Foundation

/// Everything the Business Central client needs: addresses, credentials, timeouts and client-side limits.
///
/// BC online: ``BusinessCentralAuthentication/oauthClientCredentials`` with `tokenURL`, `clientId`, `clientSecret`,
/// `scope`. BC on-premises: ``onPremises(apiBaseURL:userName:webServiceAccessKey:apiVersion:caBundlePath:)``, HTTP
/// Basic; the OAuth properties are then unused.
///
/// Call ``validate()`` at start-up; ``BusinessCentralClient`` and ``TokenProvider`` call it too and refuse to start
/// on an invalid configuration.
public struct BusinessCentralConfiguration: Sendable {
    /// The API root, e.g. ``onlineBaseURL(tenant:environment:)`` or a local simulator.
    public var apiBaseURL: URL
    /// Whether `http://` URLs are accepted (the local simulator only); otherwise only `https://`.
    public var allowInsecureHTTP: Bool
    /// The OAuth 2.0 token endpoint, e.g. ``entraTokenURL(tenant:)``.
    public var tokenURL: URL
    /// The Entra application (client) id.
    public var clientId: String
    /// The Entra client secret.
    public var clientSecret: Secret
    /// The file the client secret was read from (`BC_CLIENT_SECRET_FILE`): read again for every token request, so a
    /// rotated Kubernetes secret takes effect without a restart; `clientSecret` is the fallback when it is unreadable.
    public var clientSecretFile: String?
    /// The file the web service access key was read from (`BC_WEB_SERVICE_KEY_FILE`): read again after a 401.
    public var webServiceKeyFile: String?
    /// The OAuth scope.
    public var scope: String
    /// The total time one HTTP request may take, from sending to the last byte of the response.
    public var requestTimeout: Duration
    /// How long before `expires_in` runs out a token is renewed; capped at a tenth of the token's lifetime so a
    /// short-lived token (the simulator) is not renewed on every request.
    public var tokenRenewalMargin: Duration
    /// At most this many Business Central requests in flight in the process (BC allows 5 per user).
    public var maxConcurrentRequests: Int
    /// The request budget over a sliding window (BC allows 6000 per 5 minutes per user).
    public var rateLimit: RateBudget
    /// After a 429, this many consecutive successes restore one unit of allowed concurrency.
    public var concurrencyRecoveryAfterSuccesses: Int
    /// The most creates sent together in one OData `$batch` request (1 to 100; 1 sends every create on its own).
    /// Batches form only when creates queue behind the concurrency limit; each create still counts against the
    /// rate limit, as BC counts each operation of a batch.
    public var maxCreatesPerBatch: Int
    /// OAuth client credentials (the default) or HTTP Basic with a web service access key.
    public var authentication: BusinessCentralAuthentication
    /// The API version `apiBaseURL` serves.
    public var apiVersion: BusinessCentralAPIVersion
    /// The longest `externalDocumentNumber` this BC accepts (default: the version's documented length).
    public var externalDocumentNumberMaxLength: Int
    /// A PEM file with the CA(s) of BC's TLS certificate, checked at start-up to be in the system trust store (see
    /// ``CertificateAuthorityBundle``); `nil`: no check.
    public var caBundlePath: String?

    /// The default Business Central online scope.
    public static let defaultScope = "https://api.businesscentral.dynamics.com/.default"

    /// Creates a configuration; defaults follow BC online's documented limits.
    public init(
        apiBaseURL: URL,
        allowInsecureHTTP: Bool = false,
        tokenURL: URL,
        clientId: String,
        clientSecret: Secret,
        scope: String = BusinessCentralConfiguration.defaultScope,
        requestTimeout: Duration = .seconds(30),
        tokenRenewalMargin: Duration = .seconds(300),
        maxConcurrentRequests: Int = 5,
        rateLimit: RateBudget = .businessCentralOnline,
        concurrencyRecoveryAfterSuccesses: Int = 20,
        maxCreatesPerBatch: Int = 20,
        authentication: BusinessCentralAuthentication = .oauthClientCredentials,
        apiVersion: BusinessCentralAPIVersion = .v2_0,
        externalDocumentNumberMaxLength: Int? = nil,
        caBundlePath: String? = nil
    ) {
        self.apiBaseURL = apiBaseURL
        self.allowInsecureHTTP = allowInsecureHTTP
        self.tokenURL = tokenURL
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.scope = scope
        self.requestTimeout = requestTimeout
        self.tokenRenewalMargin = tokenRenewalMargin
        self.maxConcurrentRequests = maxConcurrentRequests
        self.rateLimit = rateLimit
        self.concurrencyRecoveryAfterSuccesses = concurrencyRecoveryAfterSuccesses
        self.maxCreatesPerBatch = maxCreatesPerBatch
        self.authentication = authentication
        self.apiVersion = apiVersion
        self.externalDocumentNumberMaxLength = externalDocumentNumberMaxLength ?? apiVersion.documentedExternalDocumentNumberLength
        self.caBundlePath = caBundlePath
    }

    /// A BC on-premises configuration: HTTP Basic with `userName` and its web service access key, any base URL
    /// (e.g. `https://{server}:{port}/{instance}/api/v2.0`); limits and timeouts keep their defaults (on-prem BC
    /// imposes no rate limit, but the client's own limits stay configurable).
    public static func onPremises(
        apiBaseURL: URL,
        userName: String,
        webServiceAccessKey: Secret,
        apiVersion: BusinessCentralAPIVersion = .v2_0,
        caBundlePath: String? = nil
    ) -> BusinessCentralConfiguration {
        // The OAuth properties are unused in Basic mode; they get inert values.
        BusinessCentralConfiguration(
            apiBaseURL: apiBaseURL, tokenURL: apiBaseURL, clientId: "", clientSecret: Secret(""),
            authentication: .basic(userName: userName, webServiceAccessKey: webServiceAccessKey),
            apiVersion: apiVersion, caBundlePath: caBundlePath
        )
    }

    /// `https://api.businesscentral.dynamics.com/v2.0/{tenant}/{environment}/api/{apiVersion}`; without a tenant
    /// the segment is omitted and the token names the tenant.
    public static func onlineBaseURL(tenant: String?, environment: String, apiVersion: BusinessCentralAPIVersion = .v2_0) -> URL {
        var path = "https://api.businesscentral.dynamics.com/v2.0"
        if let tenant, !tenant.isEmpty { path += "/" + PercentEncoding.encode(tenant) }
        path += "/" + PercentEncoding.encode(environment) + "/api/" + apiVersion.rawValue
        return URL(string: path)!
    }

    /// `https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token`.
    public static func entraTokenURL(tenant: String) -> URL {
        URL(string: "https://login.microsoftonline.com/\(PercentEncoding.encode(tenant))/oauth2/v2.0/token")!
    }
}
