import BusinessCentral
import Foundation

extension EnvironmentReader {
    /// The Business Central client configuration: `BC_AUTH` (`oauth` | `basic`) decides which credentials are
    /// required; `BC_API_VERSION`, `BC_CA_BUNDLE` and the limits apply to both.
    ///
    /// - Throws: ``ConfigurationError`` naming the first missing or bad setting.
    func businessCentralConfiguration() throws -> BusinessCentralConfiguration {
        let apiVersionText = string("BC_API_VERSION") ?? BusinessCentralAPIVersion.v2_0.rawValue
        guard let apiVersion = BusinessCentralAPIVersion(rawValue: apiVersionText) else {
            throw ConfigurationError(setting: "BC_API_VERSION", message: "must be v2.0 or v1.0, got '\(apiVersionText)'")
        }
        let authText = string("BC_AUTH")?.lowercased() ?? "oauth"
        guard authText == "oauth" || authText == "basic" else {
            throw ConfigurationError(setting: "BC_AUTH", message: "must be oauth or basic, got '\(authText)'")
        }
        // A setting of the other mode is almost always a forgotten BC_AUTH: refuse rather than silently ignore it.
        let foreign = authText == "oauth"
            ? ["BC_USERNAME", "BC_WEB_SERVICE_KEY", "BC_WEB_SERVICE_KEY_FILE"]
            : ["BC_CLIENT_ID", "BC_CLIENT_SECRET", "BC_CLIENT_SECRET_FILE", "BC_TOKEN_URL", "BC_SCOPE"]
        if let stray = foreign.first(where: { string($0) != nil }) {
            throw ConfigurationError(setting: stray, message: "is set but BC_AUTH is \(authText); it belongs to BC_AUTH=\(authText == "oauth" ? "basic" : "oauth")")
        }
        let tenant = string("BC_TENANT_ID")
        let apiBaseURL: URL
        if let url = try url("BC_API_URL") {
            apiBaseURL = url
        } else if authText == "oauth", let environment = string("BC_ENVIRONMENT") {
            apiBaseURL = BusinessCentralConfiguration.onlineBaseURL(tenant: tenant, environment: environment, apiVersion: apiVersion)
        } else {
            let hint = authText == "oauth" ? "(or BC_TENANT_ID and BC_ENVIRONMENT)" : "with BC_AUTH=basic, e.g. https://{server}:{port}/{instance}/api/\(apiVersion.rawValue)"
            throw ConfigurationError(setting: "BC_API_URL", message: "is required \(hint)")
        }

        var configuration: BusinessCentralConfiguration
        if authText == "basic" {
            let key: Secret
            if let path = string("BC_WEB_SERVICE_KEY_FILE") {
                key = try Secret.fromFile(path, setting: "BC_WEB_SERVICE_KEY_FILE")
            } else if let value = string("BC_WEB_SERVICE_KEY") {
                key = Secret(value)
            } else {
                throw ConfigurationError(setting: "BC_WEB_SERVICE_KEY", message: "is required with BC_AUTH=basic (or BC_WEB_SERVICE_KEY_FILE)")
            }
            configuration = .onPremises(apiBaseURL: apiBaseURL, userName: try required("BC_USERNAME"), webServiceAccessKey: key,
                                        apiVersion: apiVersion)
        } else {
            let tokenURL: URL
            if let url = try url("BC_TOKEN_URL") {
                tokenURL = url
            } else if let tenant {
                tokenURL = BusinessCentralConfiguration.entraTokenURL(tenant: tenant)
            } else {
                throw ConfigurationError(setting: "BC_TOKEN_URL", message: "is required when BC_TENANT_ID is not set")
            }
            let secret: Secret
            if let path = string("BC_CLIENT_SECRET_FILE") {
                secret = try Secret.fromFile(path, setting: "BC_CLIENT_SECRET_FILE")
            } else if let value = string("BC_CLIENT_SECRET") {
                secret = Secret(value)
            } else {
                throw ConfigurationError(setting: "BC_CLIENT_SECRET", message: "is required (or BC_CLIENT_SECRET_FILE)")
            }
            configuration = BusinessCentralConfiguration(
                apiBaseURL: apiBaseURL, tokenURL: tokenURL, clientId: try required("BC_CLIENT_ID"), clientSecret: secret,
                scope: string("BC_SCOPE") ?? BusinessCentralConfiguration.defaultScope, apiVersion: apiVersion
            )
        }
        configuration.allowInsecureHTTP = try bool("BC_ALLOW_HTTP", default: false)
        // Rotated Kubernetes secrets take effect without a restart: the files are read again when needed.
        configuration.clientSecretFile = authText == "basic" ? nil : string("BC_CLIENT_SECRET_FILE")
        configuration.webServiceKeyFile = authText == "basic" ? string("BC_WEB_SERVICE_KEY_FILE") : nil
        configuration.externalDocumentNumberMaxLength = try int(
            "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH", default: apiVersion.documentedExternalDocumentNumberLength, range: 1...250)
        configuration.caBundlePath = string("BC_CA_BUNDLE")
        configuration.requestTimeout = try duration("BC_REQUEST_TIMEOUT", default: .seconds(30), minimum: .milliseconds(100))
        configuration.maxConcurrentRequests = try int("BC_MAX_CONCURRENT_REQUESTS", default: 5, range: 1...100)
        configuration.rateLimit = RateBudget(requests: try int("BC_RATE_LIMIT_REQUESTS", default: 6000, range: 1...1_000_000),
                                             window: try duration("BC_RATE_LIMIT_WINDOW", default: .seconds(300), minimum: .seconds(1)))
        configuration.maxCreatesPerBatch = try int("BC_MAX_CREATES_PER_BATCH", default: 20, range: 1...100)
        try configuration.validate()
        return configuration
    }
}
