import Testing
@testable import Telemetry

@Suite struct MetricsGaugeTests {
    @Test func setIncrementAndDecrement() {
        let gauge = MetricsRegistry().gauge("relay_in_flight", help: "In flight.")
        gauge.increment()
        gauge.increment(by: 4)
        gauge.decrement(by: 2)
        #expect(gauge.value() == 3)
        gauge.set(-1.5)
        #expect(gauge.value() == -1.5)
    }

    @Test func removeDropsOneSeriesFromTheExposition() {
        let registry = MetricsRegistry()
        let lag = registry.gauge("relay_consumer_lag", help: "Lag.", labelNames: ["topic", "partition"])
        lag.set(10, labels: ["payments", "0"])
        lag.set(20, labels: ["payments", "1"])
        lag.remove(labels: ["payments", "1"])

        let text = registry.render()
        #expect(text.contains(#"relay_consumer_lag{topic="payments",partition="0"} 10"#))
        #expect(!text.contains(#"partition="1""#))
        #expect(lag.value(labels: ["payments", "1"]) == 0)

        lag.increment(labels: ["payments", "1"])
        #expect(lag.value(labels: ["payments", "1"]) == 1, "a removed series starts afresh at 0")
    }

    @Test func removeAllDropsEverySeries() {
        let registry = MetricsRegistry()
        let lag = registry.gauge("relay_consumer_lag", help: "Lag.", labelNames: ["partition"])
        for partition in 0..<4 { lag.set(1, labels: ["\(partition)"]) }
        lag.removeAll()
        #expect(registry.render() == "# HELP relay_consumer_lag Lag.\n# TYPE relay_consumer_lag gauge\n")
    }
}
