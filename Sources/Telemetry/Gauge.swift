/// A Prometheus gauge family: a value per label combination that can go up, down, or be removed.
///
/// Obtain one from ``MetricsRegistry/gauge(_:help:labelNames:)``. Label values are positional and must match
/// the family's label names in number. Remove series that no longer exist, such as a revoked partition's lag,
/// so that the scrape stops reporting a stale value.
public final class Gauge: MetricFamily, Sendable {
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

    /// Sets the series for `labels` to `value`.
    public func set(_ value: Double, labels: [String] = []) {
        table.cell(for: labels).store(value)
    }

    /// Adds `delta` to the series for `labels`.
    public func increment(by delta: Double = 1, labels: [String] = []) {
        table.cell(for: labels).add(delta)
    }

    /// Subtracts `delta` from the series for `labels`.
    public func decrement(by delta: Double = 1, labels: [String] = []) {
        table.cell(for: labels).add(-delta)
    }

    /// The current value of the series for `labels` (0 if it does not exist).
    public func value(labels: [String] = []) -> Double {
        table.existingCell(for: labels)?.load() ?? 0
    }

    /// Removes the series for `labels` from the exposition; a later update creates it afresh at 0.
    ///
    /// A gauge without labels always has its one series; use ``set(_:labels:)`` to reset it instead.
    public func remove(labels: [String]) {
        table.remove(labels)
    }

    /// Removes every labelled series.
    public func removeAll() {
        table.removeAll()
    }

    func render(into output: inout String) {
        MetricTextFormat.appendHeader(name: name, help: help, type: "gauge", to: &output)
        for (labels, cell) in table.snapshot() {
            MetricTextFormat.appendSample(name: name, labelNames: labelNames, labelValues: labels,
                                          value: cell.load(), to: &output)
        }
    }
}
