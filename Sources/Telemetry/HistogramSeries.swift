/// One label combination of a ``Histogram``, resolved once so observations skip the label lookup.
public struct HistogramSeries: Sendable {
    private let cell: HistogramCell

    init(cell: HistogramCell) {
        self.cell = cell
    }

    /// Records `value` in this series.
    public func observe(_ value: Double) {
        cell.observe(value)
    }

    /// Records `duration`, in seconds, in this series.
    public func observe(_ duration: Duration) {
        cell.observe(duration.seconds)
    }

    /// The number of observations in this series.
    public var count: UInt64 { cell.snapshot().count }

    /// The sum of observations in this series.
    public var sum: Double { cell.snapshot().sum }
}
