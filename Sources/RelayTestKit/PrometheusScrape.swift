/// A parsed Prometheus text exposition: the samples in order, with the HELP and TYPE of each family.
public struct PrometheusScrape: Sendable, Equatable {
    /// Every sample line, in the order written.
    public var samples: [PrometheusSample]
    /// The TYPE of each family (`counter`, `gauge`, `histogram`, ...), by family name.
    public var types: [String: String]
    /// The unescaped HELP text of each family, by family name.
    public var help: [String: String]

    /// Creates a scrape.
    public init(samples: [PrometheusSample] = [], types: [String: String] = [:], help: [String: String] = [:]) {
        self.samples = samples
        self.types = types
        self.help = help
    }

    /// The value of the sample named `name` whose labels are exactly `labels`, or nil if there is none.
    public func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        samples.first { $0.name == name && $0.labels == labels }?.value
    }

    /// Every sample named `name`, in order.
    public func samples(named name: String) -> [PrometheusSample] {
        samples.filter { $0.name == name }
    }
}
