extension Fault {
    /// The fault a ``name`` stands for (as the inspection API takes it), with its parameter: `retryAfter` seconds
    /// for `429` and `503`, `duration` for `commit_then_delay`, `latency` and `slow_commit` (required there).
    init?(name: String, duration: Duration?, retryAfter: Int?) {
        switch name {
        case "429": self = .tooManyRequests(retryAfter: retryAfter)
        case "503": self = .serviceUnavailable(retryAfter: retryAfter)
        case "500": self = .internalServerError
        case "502": self = .badGateway
        case "504": self = .gatewayTimeout
        case "reset_before_commit": self = .resetBeforeCommit
        case "commit_then_drop": self = .commitThenDrop
        case "commit_then_delay": guard let duration else { return nil }; self = .commitThenDelay(duration)
        case "latency": guard let duration else { return nil }; self = .latency(duration)
        case "slow_commit": guard let duration else { return nil }; self = .slowCommit(duration)
        default: return nil
        }
    }
}

extension FaultTarget {
    /// `creates`, `lookups`, `any` or `token`.
    init?(name: String) {
        switch name {
        case "creates": self = .creates
        case "lookups": self = .lookups
        case "any": self = .any
        case "token": self = .token
        default: return nil
        }
    }
}
