import Testing
@testable import Telemetry
import RelayTestKit

@Suite struct MetricsLabelEscapingTests {
    @Test func labelValuesEscapeBackslashQuoteAndNewline() {
        let registry = MetricsRegistry()
        let errors = registry.counter("relay_errors_total", help: "Errors.", labelNames: ["reason"])
        errors.increment(labels: ["path C:\\tmp \"quoted\"\nnext"])
        #expect(registry.render().contains(#"relay_errors_total{reason="path C:\\tmp \"quoted\"\nnext"} 1"# + "\n"))
    }

    @Test func escapedLabelValuesParseBackToTheOriginal() throws {
        let registry = MetricsRegistry()
        let values = ["plain", "back\\slash", "\"quotes\"", "two\nlines", "{braces}, commas=\"x\"", "ünïcødé ✓", ""]
        let gauge = registry.gauge("relay_odd_labels", help: "Odd.", labelNames: ["value"])
        for (index, value) in values.enumerated() { gauge.set(Double(index), labels: [value]) }

        let scrape = try PrometheusTextParser.parse(registry.render())
        for (index, value) in values.enumerated() {
            #expect(scrape.value("relay_odd_labels", ["value": value]) == Double(index))
        }
        #expect(scrape.samples.count == values.count)
    }
}
