/// A Prometheus counter family: a value per label combination that only goes up.
///
/// Obtain one from ``MetricsRegistry/counter(_:help:labelNames:)``. Label values are positional and must match
/// the family's label names in number. On a hot path with labels, keep a ``CounterSeries`` from ``series(_:)``
/// to skip the label lookup.
public final class Counter: MetricFamily, Sendable {
    /// The family name.
    public let name: String
    /// The HELP text.
    public let help: String
    let table: MetricSeriesTable<MetricAtomicDouble>

    /// The label names, in the order label values are passed.
    public var labelNames: [String] { table.labelNames }

    init(name: String, help: String, labelNames: [String]) {
        MetricName.checkFamily(name, labelNames: labelNames)
        self.name = name
        self.help = help
        self.table = MetricSeriesTable(name: name, labelNames: labelNames) { MetricAtomicDouble() }
    }

    /// Adds `delta` to the series for `labels`.
    ///
    /// - Precondition: `delta` is not negative and `labels` has one value per label name.
    public func increment(by delta: Double = 1, labels: [String] = []) {
        precondition(delta >= 0, "counter '\(name)' cannot be incremented by a negative delta (\(delta))")
        table.cell(for: labels).add(delta)
    }

    /// Raises the series for `labels` to `total` when that is higher, and never lowers it: for totals counted
    /// elsewhere and sampled at scrape time, such as the process's CPU seconds.
    ///
    /// - Precondition: `total` is not negative.
    public func raise(to total: Double, labels: [String] = []) {
        precondition(total >= 0, "counter '\(name)' cannot be raised to a negative total (\(total))")
        table.cell(for: labels).raise(to: total)
    }

    /// The current value of the series for `labels` (0 if it has never been incremented).
    public func value(labels: [String] = []) -> Double {
        table.existingCell(for: labels)?.load() ?? 0
    }

    /// A handle bound to one label combination, which increments without looking the labels up again.
    public func series(_ labels: [String]) -> CounterSeries {
        CounterSeries(counter: self, cell: table.cell(for: labels))
    }

    func render(into output: inout String) {
        MetricTextFormat.appendHeader(name: name, help: help, type: "counter", to: &output)
        for (labels, cell) in table.snapshot() {
            MetricTextFormat.appendSample(name: name, labelNames: labelNames, labelValues: labels,
                                          value: cell.load(), to: &output)
        }
    }
}
