import Foundation
import Testing
@testable import RelayCLI

@Suite struct ArgumentsValueTests {
    private func parse(_ arguments: [String]) throws -> ParsedArguments {
        try ArgumentParser.parse(arguments + ["t"], spec: ArgumentsFixtures.replay)
    }

    @Test func absentOptionsAreNil() throws {
        let parsed = try parse([])
        #expect(try parsed.int("limit") == nil)
        #expect(try parsed.duration("timeout") == nil)
        #expect(try parsed.date("since") == nil)
        #expect(try parsed.int64Range("offsets") == nil)
    }

    @Test(arguments: [("10", 10), ("-3", -3), ("0", 0)])
    func integers(text: String, expected: Int) throws {
        #expect(try parse(["--limit=\(text)"]).int("limit") == expected)
    }

    @Test(arguments: [
        ("500ms", Duration.milliseconds(500)), ("30s", .seconds(30)), ("5m", .seconds(300)), ("1h", .seconds(3600)),
        ("45", .seconds(45)), ("1.5", .milliseconds(1500)), ("0.1s", .milliseconds(100)), ("2.5ms", .microseconds(2500)),
        ("0.25h", .seconds(900)), ("0", .zero), ("0.000000001", .nanoseconds(1)),
    ])
    func durations(text: String, expected: Duration) throws {
        #expect(try parse(["--timeout", text]).duration("timeout") == expected)
    }

    @Test(arguments: [
        ("2024-05-01T12:00:00Z", 1_714_564_800.0), ("2024-05-01T14:00:00+02:00", 1_714_564_800.0),
        ("2024-05-01T12:00:00.250Z", 1_714_564_800.25),
    ])
    func rfc3339Dates(text: String, expected: TimeInterval) throws {
        #expect(try parse(["--since", text]).date("since") == Date(timeIntervalSince1970: expected))
    }

    @Test(arguments: [
        ("100-200", Int64Range(lower: 100, upper: 200)), ("100-", Int64Range(lower: 100, upper: nil)),
        ("-200", Int64Range(lower: nil, upper: 200)), ("7", Int64Range(lower: 7, upper: 7)),
    ])
    func ranges(text: String, expected: Int64Range) throws {
        let range = try #require(try parse(["--offsets", text]).int64Range("offsets"))
        #expect(range == expected)
        #expect(range.contains(expected.lower ?? .min) && range.contains(expected.upper ?? .max))
    }

    @Test func rangeBoundsAreInclusive() {
        let range = Int64Range(lower: 100, upper: 200)
        #expect(!range.contains(99) && range.contains(100) && range.contains(200) && !range.contains(201))
        #expect(range.description == "100-200")
        #expect(Int64Range(lower: nil, upper: 5).description == "-5")
    }

    @Test(arguments: [
        ("limit", "abc", "option '--limit' expects an integer, got 'abc'"),
        ("limit", "1.5", "option '--limit' expects an integer, got '1.5'"),
        ("limit", "", "option '--limit' expects an integer, got ''"),
        ("timeout", "abc", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got 'abc'"),
        ("timeout", "5x", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got '5x'"),
        ("timeout", "-5s", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got '-5s'"),
        ("timeout", "s", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got 's'"),
        ("timeout", "1.s", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got '1.s'"),
        ("timeout", "1.2.3s", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got '1.2.3s'"),
        ("timeout", "99999999999h", "option '--timeout' expects a duration such as 500ms, 30s, 5m or 1h, got '99999999999h'"),
        ("since", "2024-05-01", "option '--since' expects an RFC 3339 date-time such as 2024-05-01T12:00:00Z, got '2024-05-01'"),
        ("since", "2024-05-01T12:00:00", "option '--since' expects an RFC 3339 date-time such as 2024-05-01T12:00:00Z, got '2024-05-01T12:00:00'"),
        ("since", "yesterday", "option '--since' expects an RFC 3339 date-time such as 2024-05-01T12:00:00Z, got 'yesterday'"),
        ("offsets", "200-100", "option '--offsets' expects a range such as 100-200, 100- or -200, got '200-100'"),
        ("offsets", "-", "option '--offsets' expects a range such as 100-200, 100- or -200, got '-'"),
        ("offsets", "a-b", "option '--offsets' expects a range such as 100-200, 100- or -200, got 'a-b'"),
        ("offsets", "1-2-3", "option '--offsets' expects a range such as 100-200, 100- or -200, got '1-2-3'"),
    ])
    func malformedValuesNameTheOption(option: String, text: String, message: String) throws {
        let parsed = try parse(["--\(option)=\(text)"])
        #expect(throws: UsageError(message)) {
            switch option {
            case "limit": _ = try parsed.int(option)
            case "timeout": _ = try parsed.duration(option)
            case "since": _ = try parsed.date(option)
            default: _ = try parsed.int64Range(option)
            }
        }
    }
}
