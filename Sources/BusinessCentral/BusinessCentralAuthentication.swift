import Foundation

/// How the client proves its identity to Business Central.
public enum BusinessCentralAuthentication: Sendable, Equatable {
    /// OAuth 2.0 client credentials (BC online): the configuration's `tokenURL`, `clientId`, `clientSecret` and
    /// `scope` fetch a bearer token, renewed before it expires and once after a 401.
    case oauthClientCredentials
    /// HTTP Basic with a BC user name and that user's web service access key (BC on-premises). There is no token:
    /// a 401 means the credentials are wrong and is final.
    case basic(userName: String, webServiceAccessKey: Secret)

    /// Whether this is HTTP Basic.
    public var isBasic: Bool {
        if case .basic = self { return true }
        return false
    }

    /// `Basic base64(user:key)` (RFC 7617, UTF-8), wrapped so it never prints; `nil` for OAuth.
    var basicAuthorization: Secret? {
        guard case .basic(let userName, let key) = self else { return nil }
        return Secret("Basic " + Data((userName + ":" + key.reveal()).utf8).base64EncodedString())
    }
}
