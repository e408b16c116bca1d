/// The class of a failure, as written to outcomes (`error.class`) and dead letters (`relay.error.class`).
///
/// An extensible code: compare with the static constants.
public struct FailureClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Not JSON, wrong types, missing fields, limits exceeded: rejected at once.
    public static let malformed = FailureClass(rawValue: "malformed")
    /// Well-formed but against a business rule (e.g. wrong currency): rejected at once.
    public static let validation = FailureClass(rawValue: "validation")
    /// Business Central refused the data (unknown customer, string too long, ...): rejected at once.
    public static let permanent = FailureClass(rawValue: "permanent")
    /// Credentials refused after a forced renewal: retried (it is not the event's fault), then failed.
    public static let authentication = FailureClass(rawValue: "authentication")
    /// Not applied; retried.
    public static let transient = FailureClass(rawValue: "transient")
    /// Rate limited; retried after Retry-After or backoff.
    public static let throttled = FailureClass(rawValue: "throttled")
    /// May have been applied; looked up before retrying.
    public static let outcomeUnknown = FailureClass(rawValue: "outcome_unknown")
    /// Line-number collision or stale ETag; looked up before retrying.
    public static let conflict = FailureClass(rawValue: "conflict")
    /// The relay could not make its own writes durable (Kafka ledger/outcome): retried.
    public static let infrastructure = FailureClass(rawValue: "infrastructure")

    /// Every class the relay writes, in the order above (the values `replay --class` accepts).
    public static let all: [FailureClass] = [.malformed, .validation, .permanent, .authentication, .transient, .throttled,
                                             .outcomeUnknown, .conflict, .infrastructure]

    public var description: String { rawValue }
}
