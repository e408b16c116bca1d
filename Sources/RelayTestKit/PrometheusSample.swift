/// One sample line of a Prometheus text exposition: `name{label="value",...} value`.
public struct PrometheusSample: Sendable, Equatable {
    /// The sample name, including any `_bucket`, `_sum` or `_count` suffix.
    public var name: String
    /// The label values by label name, unescaped.
    public var labels: [String: String]
    /// The sample value.
    public var value: Double

    /// Creates a sample.
    public init(name: String, labels: [String: String] = [:], value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}
