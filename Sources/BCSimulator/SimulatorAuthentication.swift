/// How the simulated Business Central authenticates API requests.
public enum SimulatorAuthentication: Sendable, Equatable {
    /// BC online: bearer tokens from the simulated Entra token endpoint.
    case oauth
    /// BC on-premises: HTTP Basic with a user name and web service access key; the token endpoint answers 404
    /// and bearer tokens are refused.
    case basic(userName: String, webServiceAccessKey: String)
}
