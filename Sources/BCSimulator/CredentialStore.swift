import Synchronization

/// The credentials the simulator accepts right now, replaceable while it runs (secret rotation): the client secret
/// of each app registration and, on-premises, the Basic web service access key. Issued tokens are not kept here:
/// like Entra's, they stay valid until they expire whatever happens to the secret.
final class CredentialStore: Sendable {
    private struct State {
        var secrets: [String: String]
        var webServiceAccessKey: String?
    }

    private let state: Mutex<State>

    init(configuration: SimulatorConfiguration) {
        let secrets = configuration.additionalClients
            .merging([configuration.clientId: configuration.clientSecret]) { _, main in main }
        var key: String?
        if case .basic(_, let configured) = configuration.authentication { key = configured }
        state = Mutex(State(secrets: secrets, webServiceAccessKey: key))
    }

    /// The secret `clientId` must present, or `nil` for an unknown client.
    func secret(for clientId: String) -> String? {
        state.withLock { $0.secrets[clientId] }
    }

    /// Replaces the secret of a registered client; `false` for an unknown one.
    func setSecret(_ secret: String, for clientId: String) -> Bool {
        state.withLock { state in
            guard state.secrets[clientId] != nil else { return false }
            state.secrets[clientId] = secret
            return true
        }
    }

    /// The Basic key requests must present (`nil` under OAuth).
    var webServiceAccessKey: String? { state.withLock { $0.webServiceAccessKey } }

    /// Replaces the Basic key; `false` under OAuth, where there is none.
    func setWebServiceAccessKey(_ key: String) -> Bool {
        state.withLock { state in
            guard state.webServiceAccessKey != nil else { return false }
            state.webServiceAccessKey = key
            return true
        }
    }
}
