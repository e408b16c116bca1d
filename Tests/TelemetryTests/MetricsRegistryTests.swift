import Synchronization
import Testing
@testable import Telemetry

@Suite struct MetricsRegistryTests {
    @Test func rendersExactExpositionSortedByFamilyName() {
        let registry = MetricsRegistry()
        let records = registry.counter("relay_records_total", help: "Records consumed.", labelNames: ["topic", "outcome"])
        records.increment(by: 2, labels: ["payments", "posted"])
        records.increment(labels: ["payments", "failed"])
        let lag = registry.gauge("relay_consumer_lag", help: "Records behind the high watermark.", labelNames: ["partition"])
        lag.set(5, labels: ["0"])
        lag.set(1.5, labels: ["1"])
        registry.gauge("relay_ready", help: "1 when ready.").set(1)
        let duration = registry.histogram("relay_bc_request_duration_seconds", help: "Business Central request time.",
                                          buckets: [0.1, 1])
        for value in [0.25, 0.5, 2] { duration.observe(value) }

        #expect(registry.render() == """
            # HELP relay_bc_request_duration_seconds Business Central request time.
            # TYPE relay_bc_request_duration_seconds histogram
            relay_bc_request_duration_seconds_bucket{le="0.1"} 0
            relay_bc_request_duration_seconds_bucket{le="1"} 2
            relay_bc_request_duration_seconds_bucket{le="+Inf"} 3
            relay_bc_request_duration_seconds_sum 2.75
            relay_bc_request_duration_seconds_count 3
            # HELP relay_consumer_lag Records behind the high watermark.
            # TYPE relay_consumer_lag gauge
            relay_consumer_lag{partition="0"} 5
            relay_consumer_lag{partition="1"} 1.5
            # HELP relay_ready 1 when ready.
            # TYPE relay_ready gauge
            relay_ready 1
            # HELP relay_records_total Records consumed.
            # TYPE relay_records_total counter
            relay_records_total{topic="payments",outcome="failed"} 1
            relay_records_total{topic="payments",outcome="posted"} 2

            """)
    }

    @Test func unlabelledFamiliesStartAtZeroAndLabelledOnesHaveNoSamples() {
        let registry = MetricsRegistry()
        _ = registry.counter("a_total", help: "A.")
        _ = registry.counter("b_total", help: "B.", labelNames: ["x"])
        #expect(registry.render() == """
            # HELP a_total A.
            # TYPE a_total counter
            a_total 0
            # HELP b_total B.
            # TYPE b_total counter

            """)
    }

    @Test func sameNameReturnsTheSameFamily() {
        let registry = MetricsRegistry()
        let first = registry.counter("relay_records_total", help: "Records.", labelNames: ["topic"])
        let second = registry.counter("relay_records_total", help: "Records.", labelNames: ["topic"])
        #expect(first === second)
        second.increment(labels: ["t"])
        #expect(first.value(labels: ["t"]) == 1)
        let histogram = registry.histogram("h_seconds", help: "H.", buckets: [1, 2])
        #expect(registry.histogram("h_seconds", help: "H.", buckets: [1, 2, .infinity]) === histogram)
    }

    @Test func helpEscapesBackslashAndNewlineButNotQuotes() {
        let registry = MetricsRegistry()
        _ = registry.gauge("g", help: "say \"hi\"\\\nbye")
        #expect(registry.render().hasPrefix(#"# HELP g say "hi"\\\nbye"# + "\n"))
    }

    @Test func collectHooksRunAtEveryRenderBeforeSampling() {
        let registry = MetricsRegistry()
        let lag = registry.gauge("relay_consumer_lag", help: "Lag.", labelNames: ["partition"])
        let scrapes = Atomic<Int>(0)
        registry.collect {
            let count = scrapes.add(1, ordering: .relaxed).newValue
            lag.set(Double(count * 10), labels: ["3"])
        }
        #expect(registry.render().contains(#"relay_consumer_lag{partition="3"} 10"#))
        #expect(registry.render().contains(#"relay_consumer_lag{partition="3"} 20"#))
    }

    @Test(arguments: [
        (3.0, "3"), (-2.0, "-2"), (0.0, "0"), (2.5, "2.5"), (0.005, "0.005"), (1e-7, "1e-07"),
        (1e20, "1e+20"), (Double.infinity, "+Inf"), (-Double.infinity, "-Inf"), (Double.nan, "NaN"),
    ])
    func numbersUsePrometheusSpelling(value: Double, expected: String) {
        #expect(MetricTextFormat.number(value) == expected)
    }
}
