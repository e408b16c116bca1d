import Foundation

extension BusinessCentralConfiguration {
    /// Checks every setting; throws the first problem, naming the setting (`BC_API_URL`, `BC_TOKEN_URL`,
    /// `BC_CLIENT_ID`, `BC_CLIENT_SECRET`, `BC_SCOPE`, `BC_REQUEST_TIMEOUT`, `BC_MAX_CONCURRENT_REQUESTS`,
    /// `BC_RATE_LIMIT`, `BC_TOKEN_RENEWAL_MARGIN`).
    public func validate() throws(ConfigurationError) {
        try Self.validate(url: apiBaseURL, setting: "BC_API_URL", allowInsecureHTTP: allowInsecureHTTP)
        try Self.validate(url: tokenURL, setting: "BC_TOKEN_URL", allowInsecureHTTP: allowInsecureHTTP)
        if clientId.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ConfigurationError(setting: "BC_CLIENT_ID", message: "must not be empty")
        }
        if clientSecret.isEmpty {
            throw ConfigurationError(setting: "BC_CLIENT_SECRET", message: "must not be empty")
        }
        if scope.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ConfigurationError(setting: "BC_SCOPE", message: "must not be empty")
        }
        if requestTimeout <= .zero {
            throw ConfigurationError(setting: "BC_REQUEST_TIMEOUT", message: "must be positive")
        }
        if tokenRenewalMargin < .zero {
            throw ConfigurationError(setting: "BC_TOKEN_RENEWAL_MARGIN", message: "must not be negative")
        }
        if maxConcurrentRequests < 1 {
            throw ConfigurationError(setting: "BC_MAX_CONCURRENT_REQUESTS", message: "must be at least 1")
        }
        if rateLimit.requests < 1 || rateLimit.window <= .zero {
            throw ConfigurationError(setting: "BC_RATE_LIMIT", message: "needs at least 1 request per positive window")
        }
        if concurrencyRecoveryAfterSuccesses < 1 {
            throw ConfigurationError(setting: "BC_CONCURRENCY_RECOVERY", message: "must be at least 1")
        }
    }

    private static func validate(url: URL, setting: String, allowInsecureHTTP: Bool) throws(ConfigurationError) {
        let scheme = url.scheme?.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw ConfigurationError(setting: setting, message: "must be an https:// URL, got \(url.absoluteString)")
        }
        guard let host = url.host, !host.isEmpty else {
            throw ConfigurationError(setting: setting, message: "has no host: \(url.absoluteString)")
        }
        if scheme == "http" && !allowInsecureHTTP {
            throw ConfigurationError(
                setting: setting,
                message: "plain http:// is refused (\(url.absoluteString)); use https:// or set BC_ALLOW_INSECURE_HTTP=true for a local simulator"
            )
        }
        if url.query != nil || url.fragment != nil {
            throw ConfigurationError(setting: setting, message: "must not contain a query or fragment")
        }
    }
}
