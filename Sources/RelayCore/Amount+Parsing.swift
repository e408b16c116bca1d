extension Amount {
    /// Why a literal is not a valid amount.
    public enum ParseError: Error, Equatable, Sendable, CustomStringConvertible {
        case notANumber
        case tooManyDecimals
        case notPositive
        case tooLarge
        /// Longer than ``Amount/maximumLiteralBytes``: refused before any digit is looked at.
        case tooLong
        /// The exponent has more than ``Amount/maximumExponentDigits`` digits (leading zeros included).
        case exponentTooLong

        public var description: String {
            switch self {
            case .notANumber: "is not a decimal number"
            case .tooManyDecimals: "has more than 2 decimal places"
            case .notPositive: "must be greater than 0"
            case .tooLarge: "must be below 10^12"
            case .tooLong: "is longer than \(Amount.maximumLiteralBytes) bytes"
            case .exponentTooLong: "has an exponent of more than \(Amount.maximumExponentDigits) digits"
            }
        }
    }

    /// The longest literal parsed. A valid amount needs at most 15 significant digits; the rest of the room is for
    /// harmless padding (`0001500.000000`). Anything longer is refused in constant time.
    public static let maximumLiteralBytes = 64

    /// The most exponent digits accepted (`1e0002` is fine, `1e00002` is not).
    public static let maximumExponentDigits = 4

    /// Parses a decimal literal: optional `-`, digits, optional `.digits`, optional exponent (JSON number syntax).
    /// Trailing zeros beyond two decimals are allowed (`1.500`); significant ones are not.
    ///
    /// One pass over at most ``maximumLiteralBytes`` bytes: this runs on the consumer's path for every event.
    public static func parse(_ literal: String) -> Result<Amount, ParseError> {
        let length = literal.utf8.count
        guard length > 0 else { return .failure(.notANumber) }
        guard length <= maximumLiteralBytes else { return .failure(.tooLong) }
        let syntax: DecimalSyntax
        switch DecimalSyntax.scan(Array(literal.utf8)) {
        case .success(let scanned): syntax = scanned
        case .failure(let error): return .failure(error)
        }
        return syntax.amount()
    }
}

/// A decimal literal taken apart in one scan: its sign, its digits (integer then fraction, without the dot) and the
/// power of ten that scales them to hundredths.
private struct DecimalSyntax {
    var negative = false
    var digits: [UInt8] = []
    /// value = digits × 10^scale hundredths.
    var scale = 2

    static func scan(_ bytes: [UInt8]) -> Result<DecimalSyntax, Amount.ParseError> {
        var syntax = DecimalSyntax()
        var index = 0
        if bytes[index] == UInt8(ascii: "-") { syntax.negative = true; index += 1 }
        let integerStart = index
        while index < bytes.count, isDigit(bytes[index]) { syntax.digits.append(bytes[index] &- 48); index += 1 }
        guard index > integerStart else { return .failure(.notANumber) }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let fractionStart = index
            while index < bytes.count, isDigit(bytes[index]) { syntax.digits.append(bytes[index] &- 48); index += 1 }
            guard index > fractionStart else { return .failure(.notANumber) }
            syntax.scale -= index - fractionStart
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var sign = 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
            }
            let exponentStart = index
            var exponent = 0
            while index < bytes.count, isDigit(bytes[index]) {
                guard index - exponentStart < Amount.maximumExponentDigits else {
                    // Report the length only when the rest really is digits; `1e00001x` is simply not a number.
                    return bytes[index...].allSatisfy(isDigit) ? .failure(.exponentTooLong) : .failure(.notANumber)
                }
                exponent = exponent * 10 + Int(bytes[index] &- 48)
                index += 1
            }
            guard index > exponentStart else { return .failure(.notANumber) }
            syntax.scale += sign * exponent
        }
        guard index == bytes.count else { return .failure(.notANumber) }
        return .success(syntax)
    }

    /// The amount, checking decimals before sign and size (so `-1.005` reports its decimals, as it always has).
    func amount() -> Result<Amount, Amount.ParseError> {
        guard let first = digits.firstIndex(where: { $0 != 0 }) else { return .failure(.notPositive) }
        let last = digits.lastIndex(where: { $0 != 0 })!
        let trailingZeros = digits.count - 1 - last
        // Digits below a hundredth must all be zeros.
        if scale < 0, -scale > trailingZeros { return .failure(.tooManyDecimals) }
        if negative { return .failure(.notPositive) }
        let significant = digits[first...last]
        let zerosToAppend = scale + trailingZeros
        guard significant.count + zerosToAppend <= 15 else { return .failure(.tooLarge) }
        var value: Int64 = 0
        for digit in significant { value = value * 10 + Int64(digit) }
        for _ in 0..<zerosToAppend { value *= 10 }
        guard let amount = Amount(minorUnits: value) else { return .failure(.tooLarge) }
        return .success(amount)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
