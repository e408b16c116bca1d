import ExactJSON

/// Every result of one `payment-relay check`, and how it is printed.
public struct CheckReport: Sendable, Equatable {
    /// The results in the order checked.
    public var results: [CheckResult] = []

    /// Creates an empty report.
    public init(results: [CheckResult] = []) {
        self.results = results
    }

    /// Appends a result.
    public mutating func append(_ result: CheckResult) {
        results.append(result)
    }

    /// Whether any check failed (warnings do not count).
    public var hasFailures: Bool { results.contains { $0.status == .fail } }

    /// The process exit status: 0 when nothing failed, 1 otherwise.
    public var exitStatus: Int32 { hasFailures ? 1 : 0 }

    /// One line per result: `PASS  kafka input topic            payments.received: 12 partitions`.
    public var text: String {
        results.map { result in
            let name = result.name.padding(toLength: 28, withPad: " ", startingAt: 0)
            return "\(result.status.rawValue.uppercased().padding(toLength: 4, withPad: " ", startingAt: 0))  \(name) \(result.detail)\n"
        }.joined()
    }

    /// One JSON object: `{"ok":…,"version":…,"counts":{"pass":…,"warn":…,"fail":…},"checks":[{"name","status","detail"}…]}`.
    public var json: JSONValue {
        func count(_ status: CheckResult.Status) -> JSONValue { .number(String(results.filter { $0.status == status }.count)) }
        return .object([
            (key: "ok", value: .bool(!hasFailures)),
            (key: "version", value: .string(RelayVersion.current)),
            (key: "counts", value: .object([(key: "pass", value: count(.pass)), (key: "warn", value: count(.warn)),
                                            (key: "fail", value: count(.fail))])),
            (key: "checks", value: .array(results.map { result in
                .object([(key: "name", value: .string(result.name)), (key: "status", value: .string(result.status.rawValue)),
                         (key: "detail", value: .string(result.detail))])
            })),
        ])
    }
}
