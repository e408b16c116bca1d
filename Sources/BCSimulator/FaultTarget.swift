/// Which requests a fault may hit.
public enum FaultTarget: Sendable, Hashable {
    /// `POST ... customerPayments` only.
    case creates
    /// `GET ... customerPayments` (list, filter, by id) only.
    case lookups
    /// Every API request (companies, journals, payments); not the token endpoint. Faults hit the operations of a
    /// `$batch` by their own kind (a create inside a batch is a create), never the batch itself.
    case any
    /// The token endpoint only.
    case token

    func matches(_ kind: RequestKind) -> Bool {
        switch self {
        case .creates: kind == .create
        case .lookups: kind == .lookup
        case .any: kind != .token
        case .token: kind == .token
        }
    }
}

/// How the simulator classifies a request for fault targeting.
enum RequestKind: Sendable, Hashable {
    case create, lookup, other, token
}
