/// An inclusive range of 64-bit integers, open at either end: `100-200`, `100-` or `-200` on the command line.
public struct Int64Range: Sendable, Equatable, CustomStringConvertible {
    /// The smallest value included, or nil for no lower bound.
    public var lower: Int64?
    /// The largest value included, or nil for no upper bound.
    public var upper: Int64?

    /// Creates a range.
    ///
    /// - Precondition: `lower <= upper` when both are given.
    public init(lower: Int64?, upper: Int64?) {
        if let lower, let upper { precondition(lower <= upper, "empty range \(lower)-\(upper)") }
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies within the bounds.
    public func contains(_ value: Int64) -> Bool {
        (lower.map { value >= $0 } ?? true) && (upper.map { value <= $0 } ?? true)
    }

    /// The command-line spelling, e.g. `100-` (the same value as `100` alone prints as `100-100`).
    public var description: String {
        "\(lower.map(String.init) ?? "")-\(upper.map(String.init) ?? "")"
    }

    /// Parses `100-200`, `100-`, `-200` or a single value `100` (meaning `100-100`); nil when malformed or empty.
    public init?(parsing text: String) {
        func bound(_ part: Substring) -> Int64?? {
            if part.isEmpty { return .some(nil) }
            guard part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber), let value = Int64(part) else { return nil }
            return .some(value)
        }
        let parts = text.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first else { return nil }
        if parts.count == 1 {
            guard !first.isEmpty, let value = bound(first) ?? nil else { return nil }
            self.init(lower: value, upper: value)
            return
        }
        guard let lower = bound(parts[0]), let upper = bound(parts[1]), lower != nil || upper != nil else { return nil }
        if let lower, let upper, lower > upper { return nil }
        self.init(lower: lower, upper: upper)
    }
}
