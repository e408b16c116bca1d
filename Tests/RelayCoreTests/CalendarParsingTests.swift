import Foundation
import Testing
@testable import RelayCore

@Suite struct CalendarParsingTests {
    @Test(arguments: ["2026-11-21", "2024-02-29", "2000-02-29", "1999-12-31"])
    func acceptsCalendarDates(text: String) { #expect(CalendarParsing.date(text) == text) }

    @Test(arguments: ["2026-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-1-01", "26-01-01", "2026/01/01", ""])
    func rejectsInvalidDates(text: String) { #expect(CalendarParsing.date(text) == nil) }

    @Test func parsesTimestampsWithOffsets() throws {
        let utc = try #require(CalendarParsing.timestamp("2026-11-21T10:15:30Z"))
        #expect(utc.instant.timeIntervalSince1970 == 1_795_256_130)
        #expect(utc.localDate == "2026-11-21")
        let plusTwo = try #require(CalendarParsing.timestamp("2026-01-01T00:30:00.250+02:00"))
        #expect(plusTwo.instant.timeIntervalSince1970 == 1_767_220_200.25)
        #expect(plusTwo.localDate == "2026-01-01")
        #expect(CalendarParsing.timestamp("2026-11-21t10:15:30z") != nil)
    }

    @Test(arguments: ["2026-11-21", "2026-11-21T10:15:30", "2026-11-21T25:00:00Z", "2026-11-21 10:15:30Z", "2026-11-21T10:15:30.Z", "2026-11-21T10:15:30+0200"])
    func rejectsInvalidTimestamps(text: String) { #expect(CalendarParsing.timestamp(text) == nil) }
}
