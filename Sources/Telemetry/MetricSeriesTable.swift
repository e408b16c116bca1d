import Synchronization

/// The series of one metric family, keyed by their label values (positional, matching the family's label names).
///
/// A family without labels has exactly one series, created up front and returned without taking the lock,
/// so the common unlabelled hot path costs one atomic operation.
final class MetricSeriesTable<Cell: AnyObject & Sendable>: Sendable {
    let name: String
    let labelNames: [String]
    private let unlabelled: Cell?
    private let cells: Mutex<[[String]: Cell]>
    private let makeCell: @Sendable () -> Cell

    init(name: String, labelNames: [String], makeCell: @escaping @Sendable () -> Cell) {
        self.name = name
        self.labelNames = labelNames
        self.makeCell = makeCell
        self.unlabelled = labelNames.isEmpty ? makeCell() : nil
        self.cells = Mutex([:])
    }

    /// The series for `labels`, created on first use.
    func cell(for labels: [String]) -> Cell {
        if let unlabelled {
            checkArity(labels)
            return unlabelled
        }
        checkArity(labels)
        return cells.withLock { cells in
            if let cell = cells[labels] { return cell }
            let cell = makeCell()
            cells[labels] = cell
            return cell
        }
    }

    /// The series for `labels` if it has been created.
    func existingCell(for labels: [String]) -> Cell? {
        if let unlabelled {
            checkArity(labels)
            return unlabelled
        }
        checkArity(labels)
        return cells.withLock { $0[labels] }
    }

    /// Forgets the series for `labels`; the unlabelled series of a family without labels is never removed.
    func remove(_ labels: [String]) {
        checkArity(labels)
        _ = cells.withLock { $0.removeValue(forKey: labels) }
    }

    /// Forgets every labelled series.
    func removeAll() {
        cells.withLock { $0.removeAll() }
    }

    /// Every series with its label values, sorted by label values so that rendering is deterministic.
    func snapshot() -> [(labels: [String], cell: Cell)] {
        if let unlabelled { return [([], unlabelled)] }
        let entries = cells.withLock { cells in cells.map { (labels: $0.key, cell: $0.value) } }
        return entries.sorted { $0.labels.lexicographicallyPrecedes($1.labels) }
    }

    private func checkArity(_ labels: [String]) {
        precondition(labels.count == labelNames.count,
                     "metric '\(name)' expects \(labelNames.count) label values \(labelNames), got \(labels.count)")
    }
}
