/// One label combination of a ``Counter``, resolved once so increments cost a single atomic operation.
public struct CounterSeries: Sendable {
    private let name: String
    private let cell: MetricAtomicDouble

    init(counter: Counter, cell: MetricAtomicDouble) {
        self.name = counter.name
        self.cell = cell
    }

    /// Adds `delta` to this series.
    ///
    /// - Precondition: `delta` is not negative.
    public func increment(by delta: Double = 1) {
        precondition(delta >= 0, "counter '\(name)' cannot be incremented by a negative delta (\(delta))")
        cell.add(delta)
    }

    /// The current value of this series.
    public var value: Double { cell.load() }
}
