import Testing
@testable import Telemetry
import RelayTestKit

@Suite struct MetricsParserTests {
    @Test func everyRenderedLineIsAHeaderOrASample() throws {
        let registry = MetricsRegistry()
        registry.counter("relay_records_total", help: "Records.", labelNames: ["topic"]).increment(labels: ["p"])
        registry.gauge("relay_lag", help: "Lag with \\ and\nnewline.").set(-3)
        registry.histogram("relay_seconds", help: "Seconds.", buckets: [0.5]).observe(0.1)
        let text = registry.render()

        let scrape = try PrometheusTextParser.parse(text)
        let sampleLines = text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(scrape.samples.count == sampleLines.count)
        #expect(scrape.types == ["relay_records_total": "counter", "relay_lag": "gauge", "relay_seconds": "histogram"])
        #expect(scrape.help["relay_lag"] == "Lag with \\ and\nnewline.")
        #expect(scrape.value("relay_records_total", ["topic": "p"]) == 1)
        #expect(scrape.value("relay_lag") == -3)
        #expect(scrape.value("relay_seconds_bucket", ["le": "+Inf"]) == 1)
    }

    @Test func parsesSpecialValuesTimestampsAndComments() throws {
        let scrape = try PrometheusTextParser.parse("""
            # a free comment
            a +Inf
            b{x="1",} -Inf 1700000000000

            c NaN
            d 1e-05
            """)
        #expect(scrape.value("a") == .infinity)
        #expect(scrape.value("b", ["x": "1"]) == -.infinity)
        #expect(scrape.samples[2].value.isNaN)
        #expect(scrape.value("d") == 0.00001)
    }

    @Test(arguments: [
        ("ok 1\n9bad 1", PrometheusParseError(line: 2, reason: "invalid metric name at '9bad 1'")),
        ("m{a=\"1} 2", PrometheusParseError(line: 1, reason: "unterminated label value")),
        ("m{a=\"\\t\"} 2", PrometheusParseError(line: 1, reason: "invalid escape in label value")),
        ("m{a=\"1\",a=\"2\"} 2", PrometheusParseError(line: 1, reason: "duplicate label 'a'")),
        ("m{a=\"1\" b=\"2\"} 2", PrometheusParseError(line: 1, reason: "expected ',' or '}'")),
        ("m{a} 2", PrometheusParseError(line: 1, reason: "expected '=' after label 'a'")),
        ("m abc", PrometheusParseError(line: 1, reason: "invalid value 'abc'")),
        ("m 1 x", PrometheusParseError(line: 1, reason: "invalid timestamp 'x'")),
        ("m", PrometheusParseError(line: 1, reason: "expected a space before the value")),
        ("# TYPE m countr", PrometheusParseError(line: 1, reason: "unknown TYPE 'countr'")),
        ("# TYPE m gauge\n# TYPE m gauge", PrometheusParseError(line: 2, reason: "second TYPE line for 'm'")),
    ])
    func malformedLinesAreRejectedWithTheirLineNumber(text: String, expected: PrometheusParseError) {
        #expect(throws: expected) { try PrometheusTextParser.parse(text) }
    }
}
