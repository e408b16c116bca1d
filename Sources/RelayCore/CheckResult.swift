/// One line of `payment-relay check`: what was checked, the verdict and why.
public struct CheckResult: Sendable, Equatable {
    /// The verdict of a check.
    public enum Status: String, Sendable, Equatable {
        /// The setting or resource is as the relay needs it.
        case pass
        /// Not a failure, but worth a look (e.g. a broker that did not say, a journal the worker will create).
        case warn
        /// The relay would not work, or would break a guarantee, as things stand.
        case fail
    }

    /// What was checked, e.g. `kafka ledger cleanup.policy`.
    public var name: String
    /// The verdict.
    public var status: Status
    /// The value found and, for a warning or failure, what is expected.
    public var detail: String

    /// Creates a result.
    public init(_ name: String, _ status: Status, _ detail: String) {
        self.name = name
        self.status = status
        self.detail = detail
    }
}
