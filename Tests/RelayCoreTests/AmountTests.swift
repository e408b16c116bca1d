import Foundation
import Testing
@testable import RelayCore

@Suite struct AmountTests {
    @Test(arguments: [
        ("1500.00", 150_000), ("1500", 150_000), ("0.01", 1), ("0.10", 10), ("1.5", 150), ("1.500", 150),
        ("1.5e3", 150_000), ("15E-1", 150), ("999999999999.99", 99_999_999_999_999), ("007.25", 725),
        ("1e0002", 10_000), ("5E-0001", 50), ("1e+2", 10_000),
        (String(repeating: "0", count: 60) + "1.50", 150),
    ] as [(String, Int64)])
    func parsesExactly(literal: String, minorUnits: Int64) throws {
        let amount = try Amount.parse(literal).get()
        #expect(amount.minorUnits == minorUnits)
    }

    @Test(arguments: [
        ("", Amount.ParseError.notANumber), ("abc", .notANumber), ("1.", .notANumber), (".5", .notANumber),
        ("1,5", .notANumber), ("+1", .notANumber), ("1e", .notANumber), (" 1", .notANumber), ("NaN", .notANumber),
        ("1.005", .tooManyDecimals), ("0.001", .tooManyDecimals), ("1e-3", .tooManyDecimals),
        ("0", .notPositive), ("0.00", .notPositive), ("-5", .notPositive), ("-0.01", .notPositive),
        ("1000000000000", .tooLarge), ("1e12", .tooLarge), ("1e400", .tooLarge), ("99999999999999999999", .tooLarge),
        ("1e9999", .tooLarge), ("1e-9999", .tooManyDecimals), ("1e-", .notANumber), ("1e+", .notANumber), ("--1", .notANumber),
        ("1e00001", .exponentTooLong), ("1e-00001", .exponentTooLong), ("1e00001x", .notANumber),
        (String(repeating: "0", count: 62) + "1.5", .tooLong),
    ])
    func rejects(literal: String, error: Amount.ParseError) {
        #expect(Amount.parse(literal) == .failure(error))
    }

    @Test func messagesSayWhatIsWrong() {
        #expect("\(Amount.ParseError.exponentTooLong)" == "has an exponent of more than 4 digits")
        #expect("\(Amount.ParseError.tooLong)" == "is longer than 64 bytes")
    }

    /// A million zeros then `1` once stalled the poll thread for 9.6 s (quadratic `removeFirst`).
    @Test func absurdlyLongLiteralsAreRefusedAtOnce() {
        let literals = [String(repeating: "0", count: 1_000_000) + "1", "1." + String(repeating: "0", count: 1_000_000),
                        "1e" + String(repeating: "0", count: 1_000_000)]
        let started = ContinuousClock.now
        for literal in literals { #expect(Amount.parse(literal) == .failure(.tooLong)) }
        #expect(ContinuousClock.now - started < .milliseconds(100))
    }

    @Test func formatsAndConvertsWithoutFloatingPoint() throws {
        let amount = try Amount.parse("1234567890.12").get()
        #expect(amount.description == "1234567890.12")
        #expect(amount.decimal == Decimal(string: "1234567890.12"))
        #expect(amount.bcLineAmount == Decimal(string: "-1234567890.12"))
        #expect(try Amount.parse("0.1").get().description == "0.10")
        #expect("\(try Amount.parse("0.10").get().bcLineAmount)" == "-0.1")
    }
}
