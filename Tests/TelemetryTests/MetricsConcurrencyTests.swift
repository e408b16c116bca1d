import Testing
@testable import Telemetry

@Suite struct MetricsConcurrencyTests {
    static let tasks = 64
    static let iterations = 2_000

    @Test func concurrentUpdatesFromManyTasksAreNeverLost() async {
        let registry = MetricsRegistry()
        let records = registry.counter("relay_records_total", help: "Records.", labelNames: ["partition"])
        let unlabelled = registry.counter("relay_polls_total", help: "Polls.")
        let inFlight = registry.gauge("relay_in_flight", help: "In flight.")
        let duration = registry.histogram("relay_duration_seconds", help: "Duration.", labelNames: ["partition"])

        await withTaskGroup(of: Void.self) { group in
            for task in 0..<Self.tasks {
                group.addTask {
                    let partition = "\(task % 4)"
                    let bound = records.series([partition])
                    for _ in 0..<Self.iterations {
                        records.increment(labels: [partition])
                        bound.increment(by: 0.5)
                        unlabelled.increment()
                        inFlight.increment()
                        duration.observe(0.001, labels: [partition])
                        inFlight.decrement()
                    }
                }
            }
            // Scrapes during the updates must neither crash nor block the writers for long.
            group.addTask {
                for _ in 0..<20 { _ = registry.render() }
            }
        }

        let perPartition = Double(Self.tasks / 4 * Self.iterations)
        for partition in 0..<4 {
            #expect(records.value(labels: ["\(partition)"]) == perPartition * 1.5)
            #expect(duration.count(labels: ["\(partition)"]) == UInt64(perPartition))
        }
        #expect(unlabelled.value() == Double(Self.tasks * Self.iterations))
        #expect(inFlight.value() == 0)
    }
}
