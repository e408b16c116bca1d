import Foundation

extension BusinessCentralConfiguration {
    /// Checks every setting; throws the first problem, naming the setting (`BC_API_URL`, `BC_API_VERSION`,
    /// `BC_TOKEN_URL`, `BC_CLIENT_ID`, `BC_CLIENT_SECRET`, `BC_SCOPE` in OAuth mode; `BC_USERNAME`,
    /// `BC_WEB_SERVICE_KEY` in Basic mode; `BC_CA_BUNDLE`, `BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH`,
    /// `BC_REQUEST_TIMEOUT`, `BC_MAX_CONCURRENT_REQUESTS`, `BC_RATE_LIMIT`, `BC_TOKEN_RENEWAL_MARGIN`).
    public func validate() throws(ConfigurationError) {
        try Self.validate(url: apiBaseURL, setting: "BC_API_URL", allowInsecureHTTP: allowInsecureHTTP)
        try validateAPIVersion()
        switch authentication {
        case .oauthClientCredentials:
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
        case .basic(let userName, let key):
            if userName.trimmingCharacters(in: .whitespaces).isEmpty {
                throw ConfigurationError(setting: "BC_USERNAME", message: "must not be empty")
            }
            // RFC 7617: the user-id cannot contain a colon (the key may).
            if userName.contains(":") {
                throw ConfigurationError(setting: "BC_USERNAME", message: "must not contain ':' (HTTP Basic)")
            }
            if key.isEmpty {
                throw ConfigurationError(setting: "BC_WEB_SERVICE_KEY", message: "must not be empty")
            }
        }
        if !(1...250).contains(externalDocumentNumberMaxLength) {
            throw ConfigurationError(setting: "BC_EXTERNAL_DOCUMENT_NUMBER_LENGTH", message: "must be in 1...250")
        }
        if let caBundlePath {
            try CertificateAuthorityBundle.check(path: caBundlePath)
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
        if !(1...100).contains(maxCreatesPerBatch) {
            throw ConfigurationError(setting: "BC_MAX_CREATES_PER_BATCH", message: "must be 1 to 100 (BC's $batch limit; 1 turns batching off)")
        }
        if concurrencyRecoveryAfterSuccesses < 1 {
            throw ConfigurationError(setting: "BC_CONCURRENCY_RECOVERY", message: "must be at least 1")
        }
    }

    /// The base URL must serve `apiVersion`: a last path segment `v<major>.<minor>` that differs is refused, and the
    /// Microsoft Graph `/financials` beta family is not supported.
    private func validateAPIVersion() throws(ConfigurationError) {
        if apiBaseURL.host?.lowercased() == "graph.microsoft.com" || apiBaseURL.path.contains("/financials") {
            throw ConfigurationError(setting: "BC_API_URL", message: "the Microsoft Graph /financials (beta) API is not supported; use BC's own /api/v2.0 or /api/v1.0 endpoint")
        }
        let last = apiBaseURL.path.split(separator: "/").last.map(String.init) ?? ""
        if last.wholeMatch(of: /v\d+\.\d+/) != nil, last != apiVersion.rawValue {
            throw ConfigurationError(setting: "BC_API_VERSION", message: "is \(apiVersion.rawValue) but BC_API_URL ends in /\(last) (\(URLRedaction.redacted(apiBaseURL)))")
        }
    }

    private static func validate(url: URL, setting: String, allowInsecureHTTP: Bool) throws(ConfigurationError) {
        let scheme = url.scheme?.lowercased()
        guard scheme == "https" || scheme == "http" else {
            throw ConfigurationError(setting: setting, message: "must be an https:// URL, got \(URLRedaction.redacted(url))")
        }
        guard let host = url.host, !host.isEmpty else {
            throw ConfigurationError(setting: setting, message: "has no host: \(URLRedaction.redacted(url))")
        }
        if url.user != nil || url.password != nil {
            throw ConfigurationError(setting: setting, message: """
                must not carry credentials (\(URLRedaction.redacted(url))); use BC_USERNAME and BC_WEB_SERVICE_KEY(_FILE), or \
                BC_CLIENT_ID and BC_CLIENT_SECRET(_FILE)
                """)
        }
        if scheme == "http" && !allowInsecureHTTP {
            throw ConfigurationError(
                setting: setting,
                message: "plain http:// is refused (\(URLRedaction.redacted(url))); use https:// or set BC_ALLOW_HTTP=true for a local simulator"
            )
        }
        if url.query != nil || url.fragment != nil {
            throw ConfigurationError(setting: setting, message: "must not contain a query or fragment")
        }
    }
}
