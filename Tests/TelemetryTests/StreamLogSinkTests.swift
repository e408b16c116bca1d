import Foundation
import Testing
@testable import Telemetry

/// Log lines cannot be forged by a value and cannot be inflated by one.
@Suite struct StreamLogSinkTests {
    private func entry(_ metadata: [String: String], message: String = "event rejected") -> LogEntry {
        LogEntry(timestamp: Date(timeIntervalSince1970: 0), level: .warning, message: message, metadata: metadata, label: "relay")
    }

    /// With LOG_FORMAT=text, an event id holding a newline once wrote a second, forged log line.
    @Test func textValuesCannotStartALine() {
        let forged = "e1\n1970-01-01T00:00:00.000Z info relay: payment booked payment.event_id=e1"
        let line = StreamLogSink.textLine(entry(["payment.event_id": forged]))
        #expect(!line.contains("\n"))
        #expect(line == #"1970-01-01T00:00:00.000Z warning relay: event rejected payment.event_id="e1\n1970-01-01T00:00:00.000Z info relay: payment booked payment.event_id=e1""#)
    }

    @Test(arguments: ["\r", "\u{0B}", "\u{0C}", "\u{1B}[2J", "\u{85}", "\u{2028}", "\u{2029}", "\u{7F}"])
    func everyLineBreakAndControlIsEscaped(control: String) {
        let line = StreamLogSink.textLine(entry(["k": "a\(control)b"], message: "m\(control)"))
        #expect(!line.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x2028 || $0.value == 0x2029 })
    }

    @Test func plainValuesStayBareAndOthersAreQuoted() {
        let line = StreamLogSink.textLine(entry(["kafka.partition": "3", "bc.error": "status 400: \"bad\" a=b", "empty": "", "path": #"C:\x"#]))
        #expect(line.hasSuffix(#" bc.error="status 400: \"bad\" a=b" empty="" kafka.partition=3 path="C:\\x""#))
    }

    @Test func longFieldsAreCutInBothFormats() throws {
        let huge = String(repeating: "é", count: 500_000)
        let text = StreamLogSink.textLine(entry(["payment.event_id": huge], message: huge), maximumFieldBytes: 100)
        #expect(text.utf8.count < 400)
        #expect(text.contains("…[truncated, 1000000 bytes]"))

        let json = StreamLogSink.jsonLine(entry(["payment.event_id": huge]), maximumFieldBytes: 101)
        #expect(json.utf8.count < 300)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String])
        // 101 bytes hold 50 two-byte scalars: the cut never splits one.
        #expect(object["payment.event_id"] == String(repeating: "é", count: 50) + "…[truncated, 1000000 bytes]")
    }

    @Test func defaultBoundAppliesToTheSink() {
        #expect(StreamLogSink(format: .text).maximumFieldBytes == StreamLogSink.defaultMaximumFieldBytes)
        let line = StreamLogSink.jsonLine(entry(["k": String(repeating: "x", count: 10_000)]))
        #expect(line.utf8.count < StreamLogSink.defaultMaximumFieldBytes + 200)
    }

    @Test func sinkWritesOneLinePerEntry() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let sink = StreamLogSink(format: .text, fileDescriptor: fds[1])
        sink.write(entry(["payment.event_id": "a\nb\nc"]))
        close(fds[1])
        var bytes = [UInt8](repeating: 0, count: 4096)
        let count = read(fds[0], &bytes, bytes.count)
        close(fds[0])
        let written = String(decoding: bytes[0..<max(0, count)], as: UTF8.self)
        #expect(written.filter { $0 == "\n" }.count == 1)
        #expect(written.hasSuffix("payment.event_id=\"a\\nb\\nc\"\n"))
    }
}
