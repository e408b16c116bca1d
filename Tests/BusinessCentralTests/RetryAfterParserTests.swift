import BusinessCentral
import Foundation
import Testing

@Suite struct RetryAfterParserTests {
    /// Wed, 21 Oct 2026 07:28:00 GMT.
    let now = Date(timeIntervalSince1970: 1_792_567_680)

    @Test func secondsAreParsed() {
        #expect(RetryAfterParser.delay("120", now: now) == .seconds(120))
        #expect(RetryAfterParser.delay(" 0 ", now: now) == .zero)
    }

    @Test func imfFixdateIsRelativeToNow() {
        #expect(RetryAfterParser.delay("Wed, 21 Oct 2026 07:28:00 GMT", now: now) == .zero)
        #expect(RetryAfterParser.delay("Wed, 21 Oct 2026 07:30:00 GMT", now: now) == .seconds(120))
        #expect(RetryAfterParser.delay("Thu, 22 Oct 2026 07:28:00 GMT", now: now) == .seconds(86_400))
        #expect(RetryAfterParser.delay("Sun, 01 Mar 2028 00:00:00 GMT", now: Date(timeIntervalSince1970: 1_835_481_599)) == .seconds(1), "a leap day is counted")
    }

    @Test func obsoleteDateFormsAreParsed() {
        #expect(RetryAfterParser.delay("Wednesday, 21-Oct-26 07:29:00 GMT", now: now) == .seconds(60))
        #expect(RetryAfterParser.delay("Wed Oct 21 07:29:00 2026", now: now) == .seconds(60))
    }

    @Test(arguments: ["-5", "1.5", "soon", "", "   ", "Wed, 21 Oct 2026 07:27:59 GMT", "Wed, 32 Oct 2026 07:28:00 GMT",
                      "Wed, 21 Foo 2026 07:28:00 GMT", "Wed, 21 Oct 2026 25:00:00 GMT", "99999999999999999999", "12abc"])
    func negativePastAndGarbageAreNil(value: String) {
        #expect(RetryAfterParser.delay(value, now: now) == nil)
    }

    @Test func missingHeaderIsNil() {
        #expect(RetryAfterParser.delay(nil, now: now) == nil)
    }
}
