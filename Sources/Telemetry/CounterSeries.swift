/// One label combination of a ``Counter``, resolved once so increments cost a single atomic operation.
public struct CounterSeries: Sendable {
    private let name: String
    private let cell: MetricAtomicDouble

    init(counter: Counter, cell: MetricAtomicDouble) {
        self.name = counter.name
        self.cell = cell
    }

    /// Adds `amount` to this series.
    ///
    /// - Precondition: `amount` is not negative.
    public func increment(by amount: Double = 1) {
        precondition(amount >= 0, "counter '\(name)' cannot be incremented by a negative amount (\(amount))")
        cell.add(amount)
    }

    /// The current value of this series.
    public var value: Double { cell.load() }
}
