import ExactJSON

/// Counters of what the simulator answered, for assertions and the benchmark.
public struct SimulatorStats: Sendable, Equatable {
    /// Requests answered or dropped, inspection endpoints excluded; each operation of a `$batch` counts as one.
    public var requests = 0
    /// Responses by HTTP status (dropped connections are not counted here).
    public var responsesByStatus: [Int: Int] = [:]
    /// 429 responses, whatever their cause.
    public var tooManyRequests = 0
    /// 429 responses caused by the sliding-window rate limit.
    public var rateLimited = 0
    /// 429 responses caused by a full concurrency queue.
    public var queueOverflows = 0
    /// 503 responses caused by a request waiting too long in the concurrency queue.
    public var queueTimeouts = 0
    /// The most API requests seen executing at once (all users).
    public var maxConcurrent = 0
    /// The most API requests seen executing at once, per client id.
    public var maxConcurrentByClient: [String: Int] = [:]
    /// The longest concurrency queue seen (all users).
    public var maxQueued = 0
    /// Journal lines stored.
    public var linesCreated = 0
    /// Creates refused with `Internal_EntityWithSameKeyExists`.
    public var lineNumberCollisions = 0
    /// Injected faults by ``Fault/name``.
    public var faultsInjected: [String: Int] = [:]
    /// Connections reset without a response.
    public var connectionsDropped = 0
    /// Access tokens issued.
    public var tokensIssued = 0
    /// `$batch` requests answered 200 (each of their operations also counts in ``requests`` under its own status,
    /// and the batch itself does not; a refused batch counts only in ``requests``).
    public var batches = 0
    /// Operations of `$batch` requests that came to run: executed, refused by the rate limit or a fault, or reset.
    public var batchOperations = 0

    public init() {}

    var json: JSONValue {
        func map(_ dictionary: [String: Int]) -> JSONValue {
            .object(dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: .number(String($0.value))) })
        }
        return .object([
            (key: "requests", value: .number(String(requests))),
            (key: "responsesByStatus", value: map(Dictionary(uniqueKeysWithValues: responsesByStatus.map { (String($0.key), $0.value) }))),
            (key: "tooManyRequests", value: .number(String(tooManyRequests))),
            (key: "rateLimited", value: .number(String(rateLimited))),
            (key: "queueOverflows", value: .number(String(queueOverflows))),
            (key: "queueTimeouts", value: .number(String(queueTimeouts))),
            (key: "maxConcurrent", value: .number(String(maxConcurrent))),
            (key: "maxConcurrentByClient", value: map(maxConcurrentByClient)),
            (key: "maxQueued", value: .number(String(maxQueued))),
            (key: "linesCreated", value: .number(String(linesCreated))),
            (key: "lineNumberCollisions", value: .number(String(lineNumberCollisions))),
            (key: "faultsInjected", value: map(faultsInjected)),
            (key: "connectionsDropped", value: .number(String(connectionsDropped))),
            (key: "tokensIssued", value: .number(String(tokensIssued))),
            (key: "batches", value: .number(String(batches))),
            (key: "batchOperations", value: .number(String(batchOperations))),
        ])
    }
}
