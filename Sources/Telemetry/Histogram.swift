/// A Prometheus histogram family: observations counted into cumulative buckets, with their sum and count.
///
/// Obtain one from ``MetricsRegistry/histogram(_:help:labelNames:buckets:)``. Label values are positional and must
/// match the family's label names in number. On a hot path with labels, keep a ``HistogramSeries`` from
/// ``series(_:)`` to skip the label lookup.
public final class Histogram: MetricFamily, Sendable {
    /// Default buckets for latencies in seconds, from 5 ms to 1 minute.
    public static let defaultSeconds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]

    /// The family name.
    public let name: String
    /// The HELP text.
    public let help: String
    /// The finite bucket upper bounds, strictly increasing; the `+Inf` bucket is implicit.
    public let buckets: [Double]
    let table: MetricSeriesTable<HistogramCell>

    /// The label names, in the order label values are passed.
    public var labelNames: [String] { table.labelNames }

    init(name: String, help: String, labelNames: [String], buckets: [Double]) {
        MetricName.checkFamily(name, labelNames: labelNames, reserved: ["le"])
        let finite = buckets.last == .infinity ? Array(buckets.dropLast()) : buckets
        precondition(finite.allSatisfy(\.isFinite), "histogram '\(name)' buckets must be finite: \(buckets)")
        precondition(zip(finite, finite.dropFirst()).allSatisfy { $0 < $1 },
                     "histogram '\(name)' buckets must be strictly increasing: \(buckets)")
        self.name = name
        self.help = help
        self.buckets = finite
        self.table = MetricSeriesTable(name: name, labelNames: labelNames) { HistogramCell(upperBounds: finite) }
    }

    /// Records `value` in the series for `labels`.
    public func observe(_ value: Double, labels: [String] = []) {
        table.cell(for: labels).observe(value)
    }

    /// Records `duration`, in seconds, in the series for `labels`.
    public func observe(_ duration: Duration, labels: [String] = []) {
        table.cell(for: labels).observe(duration.seconds)
    }

    /// The number of observations in the series for `labels`.
    public func count(labels: [String] = []) -> UInt64 {
        table.existingCell(for: labels)?.snapshot().count ?? 0
    }

    /// The sum of observations in the series for `labels`.
    public func sum(labels: [String] = []) -> Double {
        table.existingCell(for: labels)?.snapshot().sum ?? 0
    }

    /// A handle bound to one label combination, which observes without looking the labels up again.
    public func series(_ labels: [String]) -> HistogramSeries {
        HistogramSeries(cell: table.cell(for: labels))
    }

    func render(into output: inout String) {
        MetricTextFormat.appendHeader(name: name, help: help, type: "histogram", to: &output)
        let bucketName = name + "_bucket"
        let bounds = buckets.map(MetricTextFormat.number) + ["+Inf"]
        for (labels, cell) in table.snapshot() {
            let snapshot = cell.snapshot()
            var cumulative: UInt64 = 0
            for (bound, count) in zip(bounds, snapshot.bucketCounts) {
                cumulative += count
                MetricTextFormat.appendSample(name: bucketName, labelNames: labelNames, labelValues: labels,
                                              extra: ("le", bound), value: Double(cumulative), to: &output)
            }
            MetricTextFormat.appendSample(name: name + "_sum", labelNames: labelNames, labelValues: labels,
                                          value: snapshot.sum, to: &output)
            MetricTextFormat.appendSample(name: name + "_count", labelNames: labelNames, labelValues: labels,
                                          value: Double(snapshot.count), to: &output)
        }
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
