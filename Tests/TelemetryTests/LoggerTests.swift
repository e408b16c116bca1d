import Foundation
import Testing
@testable import Telemetry
import RelayTestKit
import ExactJSON

@Suite struct LoggerTests {
    @Test func entriesBelowMinimumLevelAreDropped() {
        let sink = CapturingLogSink()
        let logger = Logger(label: "t", minimumLevel: .info, sink: sink)
        logger.debug("hidden")
        logger.info("shown", ["kafka.partition": "3"])
        #expect(sink.entries.map(\.message) == ["shown"])
        #expect(sink.entries.first?.metadata["kafka.partition"] == "3")
    }

    @Test func metadataMergesWithEntryWinning() {
        let sink = CapturingLogSink()
        let logger = Logger(label: "t", sink: sink).with(["a": "1", "b": "2"])
        logger.info("m", ["b": "3"])
        #expect(sink.entries.first?.metadata == ["a": "1", "b": "3"])
    }

    @Test func jsonLineEscapesAndSortsMetadata() {
        let entry = LogEntry(timestamp: Date(timeIntervalSince1970: 0), level: .warning, message: "say \"hi\"\n",
                             metadata: ["z": "1", "a": "x\\y"], label: "relay")
        #expect(StreamLogSink.jsonLine(entry) ==
            #"{"timestamp":"1970-01-01T00:00:00.000Z","level":"warning","logger":"relay","message":"say \"hi\"\n","a":"x\\y","z":"1"}"#)
    }

    @Test func jsonLineIsParseableJSON() throws {
        let entry = LogEntry(timestamp: Date(), level: .info, message: "tab\there \u{01}", metadata: ["k": "v"], label: "l")
        let object = try JSONSerialization.jsonObject(with: Data(StreamLogSink.jsonLine(entry).utf8)) as? [String: String]
        #expect(object?["message"] == "tab\there \u{01}")
        #expect(object?["k"] == "v")
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00.000Z"),
        (951_782_400.5, "2000-02-29T00:00:00.500Z"),
        (1_795_000_000.123, "2026-11-18T11:06:40.123Z"),
        (-1.0, "1969-12-31T23:59:59.000Z"),
    ])
    func rfc3339FormatsUTC(seconds: Double, expected: String) {
        #expect(TimestampFormat.rfc3339(Date(timeIntervalSince1970: seconds)) == expected)
    }

    @Test func dayFormatsUTCDate() {
        #expect(TimestampFormat.day(Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29")
    }

    @Test func levelNamesRoundTrip() {
        for level in LogLevel.allCases { #expect(LogLevel(name: level.description) == level) }
        #expect(LogLevel(name: "loud") == nil)
    }
}
