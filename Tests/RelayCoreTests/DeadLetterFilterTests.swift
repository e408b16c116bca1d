import Foundation
import Testing
@testable import RelayCore

@Suite struct DeadLetterFilterTests {
    /// A dead letter as the relay writes it (`DeadLetterHeaders.make`), plus an original header.
    static func headers(class failureClass: FailureClass = .transient, code: String? = "Internal_ServerError", eventId: String? = "evt-1",
                        partition: Int32 = 2, offset: Int64 = 100, failedAt: Date = at(1_000)) -> [(name: String, value: String?)] {
        let failure = BookingFailure(failureClass: failureClass, code: code, message: "try later", httpStatus: 503)
        let source = SourcePosition(topic: "payments.received", partition: partition, offset: offset)
        return [(name: "source", value: "upstream")]
            + DeadLetterHeaders.make(failure: failure, attempts: 6, source: source, eventId: eventId, failedAt: failedAt).map { (name: $0.0, value: $0.1) }
    }

    static func at(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: 1_780_000_000 + seconds) }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let filter: DeadLetterFilter
        let matches: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty filter matches", filter: DeadLetterFilter(), matches: true),
        Case(name: "class among several", filter: DeadLetterFilter(errorClasses: ["permanent", "transient"]), matches: true),
        Case(name: "class case-insensitive", filter: DeadLetterFilter(errorClasses: ["TRANSIENT"]), matches: true),
        Case(name: "other class", filter: DeadLetterFilter(errorClasses: ["malformed"]), matches: false),
        Case(name: "code", filter: DeadLetterFilter(errorCodes: ["internal_servererror"]), matches: true),
        Case(name: "other code", filter: DeadLetterFilter(errorCodes: ["BadRequest"]), matches: false),
        Case(name: "event id", filter: DeadLetterFilter(eventIds: ["evt-0", "evt-1"]), matches: true),
        Case(name: "event id is exact", filter: DeadLetterFilter(eventIds: ["EVT-1"]), matches: false),
        Case(name: "partition", filter: DeadLetterFilter(originalPartitions: [0, 2]), matches: true),
        Case(name: "other partition", filter: DeadLetterFilter(originalPartitions: [1]), matches: false),
        Case(name: "offset range inclusive both ends", filter: DeadLetterFilter(originalOffsetFrom: 100, originalOffsetTo: 100), matches: true),
        Case(name: "offset open above", filter: DeadLetterFilter(originalOffsetFrom: 50), matches: true),
        Case(name: "offset open below", filter: DeadLetterFilter(originalOffsetTo: 99), matches: false),
        Case(name: "offset above range", filter: DeadLetterFilter(originalOffsetFrom: 101), matches: false),
        Case(name: "failed-after is inclusive", filter: DeadLetterFilter(failedAfter: at(1_000)), matches: true),
        Case(name: "failed-after later", filter: DeadLetterFilter(failedAfter: at(1_000.5)), matches: false),
        Case(name: "failed-before is exclusive", filter: DeadLetterFilter(failedBefore: at(1_000)), matches: false),
        Case(name: "within the time window", filter: DeadLetterFilter(failedAfter: at(0), failedBefore: at(2_000)), matches: true),
        Case(name: "all criteria hold", filter: DeadLetterFilter(errorClasses: ["transient"], errorCodes: ["Internal_ServerError"], eventIds: ["evt-1"],
                                                                  originalPartitions: [2], originalOffsetFrom: 0, originalOffsetTo: 200,
                                                                  failedAfter: at(0), failedBefore: at(2_000)), matches: true),
        Case(name: "one criterion fails", filter: DeadLetterFilter(errorClasses: ["transient"], eventIds: ["evt-1"], originalPartitions: [3]), matches: false),
    ]

    @Test(arguments: cases) func filterOnTheRelayHeaders(_ testCase: Case) {
        #expect(testCase.filter.matches(headers: Self.headers()) == testCase.matches)
    }

    @Test func recordsWithoutRelayHeadersNeverMatch() {
        #expect(!DeadLetterFilter().matches(headers: []))
        #expect(!DeadLetterFilter().matches(headers: [(name: "source", value: "upstream"), (name: "relay.original.topic", value: "t")]))
        #expect(!DeadLetterFilter().matches(headers: [(name: "relay.error.class", value: "")]))
    }

    @Test func criteriaOnMissingHeadersDoNotMatch() {
        let noEventNoCode = Self.headers(class: .malformed, code: nil, eventId: nil)
        #expect(DeadLetterFilter(errorClasses: ["malformed"]).matches(headers: noEventNoCode))
        #expect(!DeadLetterFilter(eventIds: ["evt-1"]).matches(headers: noEventNoCode))
        #expect(!DeadLetterFilter(errorCodes: [""]).matches(headers: noEventNoCode))
        let badTime = [(name: "relay.error.class", value: "transient"), (name: "relay.failed.at", value: "yesterday")] as [(name: String, value: String?)]
        #expect(DeadLetterFilter().matches(headers: badTime))
        #expect(!DeadLetterFilter(failedBefore: Self.at(0)).matches(headers: badTime))
        #expect(!DeadLetterFilter(originalOffsetTo: 5).matches(headers: badTime))
    }

    @Test func theLastOccurrenceOfAHeaderWins() {
        let headers = Self.headers(class: .transient) + [(name: "relay.error.class", value: "permanent")]
        #expect(DeadLetterFilter(errorClasses: ["permanent"]).matches(headers: headers))
        #expect(!DeadLetterFilter(errorClasses: ["transient"]).matches(headers: headers))
    }

    @Test func metadataReadsEveryRelayHeader() throws {
        let metadata = try #require(DeadLetterMetadata(headers: Self.headers(failedAt: Self.at(0.25))))
        #expect(metadata.errorClass == "transient")
        #expect(metadata.errorCode == "Internal_ServerError")
        #expect(metadata.errorMessage == "try later")
        #expect(metadata.httpStatus == 503)
        #expect(metadata.attempts == 6)
        #expect(metadata.eventId == "evt-1")
        #expect(metadata.originalPosition == "payments.received/2/100")
        #expect(metadata.failedAt == Self.at(0.25))
        #expect(metadata.failedAtText == "2026-05-28T20:26:40.250Z")
    }

    @Test func isEmptyOnlyWithoutCriteria() {
        #expect(DeadLetterFilter().isEmpty)
        #expect(!DeadLetterFilter(originalOffsetTo: 1).isEmpty)
    }
}
