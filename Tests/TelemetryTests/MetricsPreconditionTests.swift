import Testing
@testable import Telemetry

/// Misuse is a programmer error: each case runs in a child process and must stop it.
@Suite struct MetricsPreconditionTests {
    @Test func negativeCounterIncrementStops() async {
        await #expect(processExitsWith: .failure) {
            MetricsRegistry().counter("c_total", help: "C.").increment(by: -1)
        }
    }

    @Test func wrongNumberOfLabelValuesStops() async {
        await #expect(processExitsWith: .failure) {
            MetricsRegistry().counter("c_total", help: "C.", labelNames: ["a", "b"]).increment(labels: ["only-a"])
        }
    }

    @Test func reusingANameWithAnotherTypeStops() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("relay_x", help: "X.")
            _ = registry.gauge("relay_x", help: "X.")
        }
    }

    @Test func reusingANameWithOtherLabelsStops() async {
        await #expect(processExitsWith: .failure) {
            let registry = MetricsRegistry()
            _ = registry.counter("relay_x", help: "X.", labelNames: ["a"])
            _ = registry.counter("relay_x", help: "X.", labelNames: ["b"])
        }
    }

    @Test func invalidNamesAndUnsortedBucketsStop() async {
        await #expect(processExitsWith: .failure) { _ = MetricsRegistry().gauge("bad-name", help: "B.") }
        await #expect(processExitsWith: .failure) { _ = MetricsRegistry().histogram("h", help: "H.", labelNames: ["le"]) }
        await #expect(processExitsWith: .failure) { _ = MetricsRegistry().histogram("h", help: "H.", buckets: [2, 1]) }
    }
}
