import Testing
@testable import RelayBench

@Suite struct RecoveryTallyTests {
    private func outcome(_ event: String, _ status: String, _ payment: String?, at time: Double = 0) -> ObservedOutcome {
        ObservedOutcome(eventId: event, status: status, partition: 0, offset: 0, processedAt: time, customerPaymentId: payment)
    }

    /// A record redelivered after the kill repeats its outcome (`created`, the same payment): not a double booking.
    @Test func aRepeatedOutcomeOfTheSamePaymentIsNotABookingTwice() {
        let tally = RecoveryTally(outcomes: [outcome("e1", "created", "p1"), outcome("e1", "created", "p1", at: 1), outcome("e2", "created", "p2")],
                                  linesPerToken: ["T1": 1, "T2": 1])
        #expect(tally == RecoveryTally(redelivered: 1, repeatedSame: 1, bookedTwice: 0))
    }

    @Test func anEventNamingTwoPaymentsOrATokenWithTwoLinesIsABookingTwice() {
        let twoPayments = RecoveryTally(outcomes: [outcome("e1", "created", "p1"), outcome("e1", "created", "p9", at: 1)],
                                        linesPerToken: ["T1": 1])
        #expect(twoPayments == RecoveryTally(redelivered: 1, repeatedSame: 0, bookedTwice: 1))
        let twoLines = RecoveryTally(outcomes: [outcome("e1", "created", "p1")], linesPerToken: ["T1": 2, "T2": 1])
        #expect(twoLines == RecoveryTally(redelivered: 0, repeatedSame: 0, bookedTwice: 1))
    }

    /// A second outcome that differs without naming another payment (no id the second time) is counted as redelivered
    /// but not as the same outcome, and not as a second booking.
    @Test func aSecondOutcomeWithoutAnIdIsNotTheSameButNotASecondBooking() {
        let tally = RecoveryTally(outcomes: [outcome("e1", "created", "p1"), outcome("e1", "duplicate", nil, at: 1)], linesPerToken: [:])
        #expect(tally == RecoveryTally(redelivered: 1, repeatedSame: 0, bookedTwice: 0))
    }

    /// The watcher reads the payment id from the outcome's JSON, and `null` as none.
    @Test func theWatcherReadsThePaymentId() {
        let named = Array(#"{"eventId":"e1","status":"created","customerPaymentId":"5d115c9c","source":{"topic":"in","partition":3,"offset":7},"processedAt":"2026-12-01T08:00:00.000Z"}"#.utf8)
        let none = Array(#"{"eventId":"e1","status":"failed","customerPaymentId":null,"source":{"topic":"in","partition":3,"offset":7},"processedAt":"2026-12-01T08:00:00.000Z"}"#.utf8)
        #expect(OutcomeWatcher.scan(named)?.customerPaymentId == "5d115c9c")
        #expect(OutcomeWatcher.scan(named)?.partition == 3)
        #expect(OutcomeWatcher.scan(none).map { $0.customerPaymentId == nil } == true)
    }
}
