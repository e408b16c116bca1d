import Foundation

/// The time range a reconciliation covers: from `from` (inclusive) to `to` (exclusive).
public struct ReconciliationPeriod: Sendable, Equatable {
    /// The first instant included.
    public var from: Date
    /// The first instant after the period.
    public var to: Date

    /// Creates a period. - Precondition: `from < to`.
    public init(from: Date, to: Date) {
        precondition(from < to, "a reconciliation period must not be empty")
        self.from = from
        self.to = to
    }

    /// Whether `date` lies in `[from, to)`.
    public func contains(_ date: Date) -> Bool { date >= from && date < to }
}
