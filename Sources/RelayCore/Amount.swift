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

    /// Why a literal is not a valid amount.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case notANumber
        case tooManyDecimals
        case notPositive
        case tooLarge

        public var description: String {
            switch self {
            case .notANumber: "is not a decimal number"
            case .tooManyDecimals: "has more than 2 decimal places"
            case .notPositive: "must be greater than 0"
            case .tooLarge: "must be below 10^12"
            }
        }
    }

    /// Parses a decimal literal: optional `-`, digits, optional `.digits`, optional exponent (JSON number syntax).
    /// Trailing zeros beyond two decimals are allowed (`1.500`); significant ones are not.
    public static func parse(_ literal: String) -> Result<Amount, ParseError> {
        var utf8 = Array(literal.utf8)[...]
        guard !utf8.isEmpty else { return .failure(.notANumber) }
        var negative = false
        if utf8.first == UInt8(ascii: "-") { negative = true; utf8 = utf8.dropFirst() }
        var digits: [UInt8] = []
        var fractionDigits = 0
        var sawDot = false
        var sawDigit = false
        var exponent = 0
        var position = utf8.startIndex
        while position < utf8.endIndex {
            let byte = utf8[position]
            if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                digits.append(byte - UInt8(ascii: "0"))
                if sawDot { fractionDigits += 1 }
                sawDigit = true
            } else if byte == UInt8(ascii: "."), !sawDot, sawDigit {
                sawDot = true
                guard position + 1 < utf8.endIndex, utf8[position + 1] >= UInt8(ascii: "0"), utf8[position + 1] <= UInt8(ascii: "9") else {
                    return .failure(.notANumber)
                }
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E"), sawDigit {
                guard let parsed = parseExponent(utf8[(position + 1)...]) else { return .failure(.notANumber) }
                exponent = parsed
                position = utf8.endIndex
                break
            } else {
                return .failure(.notANumber)
            }
            position += 1
        }
        guard sawDigit else { return .failure(.notANumber) }
        // value = digits × 10^(exponent - fractionDigits); scale to hundredths.
        var scale = exponent - fractionDigits + 2
        while scale < 0 {
            guard let last = digits.last else { break }
            if last != 0 { return .failure(.tooManyDecimals) }
            digits.removeLast()
            scale += 1
        }
        while let first = digits.first, first == 0, digits.count > 1 { digits.removeFirst() }
        if digits.allSatisfy({ $0 == 0 }) { return .failure(.notPositive) }
        if negative { return .failure(.notPositive) }
        guard digits.count + scale <= 15 else { return .failure(.tooLarge) }
        var value: Int64 = 0
        for digit in digits { value = value * 10 + Int64(digit) }
        for _ in 0..<max(scale, 0) { value *= 10 }
        guard let amount = Amount(minorUnits: value) else { return .failure(.tooLarge) }
        return .success(amount)
    }

    private static func parseExponent(_ bytes: ArraySlice<UInt8>) -> Int? {
        var rest = bytes
        var sign = 1
        if let first = rest.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            sign = first == UInt8(ascii: "-") ? -1 : 1
            rest = rest.dropFirst()
        }
        guard !rest.isEmpty, rest.count <= 4 else { return rest.isEmpty ? nil : (sign < 0 ? -10_000 : 10_000) }
        var value = 0
        for byte in rest {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return sign * value
    }
}
