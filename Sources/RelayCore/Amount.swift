import Foundation

/// A positive money amount held exactly as integer minor units (hundredths).
///
/// Parsed from a JSON string (`"1500.00"`) or a JSON number literal (`1500`, `1500.5`, `1.5e3`) without ever
/// passing through floating point.
public struct Amount: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The amount in hundredths (`150000` for 1500.00).
    public let minorUnits: Int64

    /// The exclusive upper bound: 10^12 in major units.
    public static let upperBoundMinorUnits: Int64 = 100_000_000_000_000

    /// Creates an amount from minor units; `nil` unless `0 < minorUnits < 10^14`.
    public init?(minorUnits: Int64) {
        guard minorUnits > 0, minorUnits < Self.upperBoundMinorUnits else { return nil }
        self.minorUnits = minorUnits
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool { lhs.minorUnits < rhs.minorUnits }

    /// `1500.00`: always two decimals.
    public var description: String {
        let (major, minor) = minorUnits.quotientAndRemainder(dividingBy: 100)
        return "\(major)." + (minor < 10 ? "0\(minor)" : "\(minor)")
    }

    /// The exact value as a `Decimal`.
    public var decimal: Decimal { Decimal(sign: .plus, exponent: -2, significand: Decimal(minorUnits)) }

    /// The Business Central line amount for a payment received: the NEGATED value (BC requires customer payments
    /// to be negative).
    public var bcLineAmount: Decimal { Decimal(sign: .minus, exponent: -2, significand: Decimal(minorUnits)) }
}
