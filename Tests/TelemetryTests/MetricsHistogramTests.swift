import Testing
@testable import Telemetry
import RelayTestKit

@Suite struct MetricsHistogramTests {
    @Test func bucketsAreCumulativeAndInfEqualsCount() throws {
        let registry = MetricsRegistry()
        let histogram = registry.histogram("relay_batch_size", help: "Batch size.", labelNames: ["topic"],
                                           buckets: [1, 10, 100])
        for value in [0.5, 1, 1, 7, 10, 50, 1000, 5000] { histogram.observe(value, labels: ["payments"]) }

        let scrape = try PrometheusTextParser.parse(registry.render())
        let buckets = scrape.samples(named: "relay_batch_size_bucket")
        #expect(buckets.map { $0.labels["le"] } == ["1", "10", "100", "+Inf"])
        // A value equal to an upper bound falls into that bucket (le = "less than or equal").
        #expect(buckets.map(\.value) == [3, 5, 6, 8])
        #expect(buckets.allSatisfy { $0.labels["topic"] == "payments" })
        #expect(scrape.value("relay_batch_size_count", ["topic": "payments"]) == 8)
        #expect(scrape.value("relay_batch_size_sum", ["topic": "payments"]) == 6069.5)
        #expect(histogram.count(labels: ["payments"]) == 8)
        #expect(histogram.sum(labels: ["payments"]) == 6069.5)
        #expect(scrape.types["relay_batch_size"] == "histogram")
    }

    @Test func defaultBucketsCoverFiveMillisecondsToOneMinute() {
        let histogram = MetricsRegistry().histogram("d_seconds", help: "D.")
        #expect(histogram.buckets == Histogram.defaultSeconds)
        #expect(Histogram.defaultSeconds.first == 0.005 && Histogram.defaultSeconds.last == 60)
    }

    @Test func durationsAreObservedInSeconds() {
        let histogram = MetricsRegistry().histogram("d_seconds", help: "D.", buckets: [0.1, 1])
        histogram.observe(.milliseconds(250))
        histogram.observe(.seconds(2))
        histogram.observe(.microseconds(500))
        #expect(histogram.count() == 3)
        #expect(abs(histogram.sum() - 2.2505) < 1e-12)
    }

    @Test func boundSeriesSharesStateWithTheFamily() {
        let histogram = MetricsRegistry().histogram("h", help: "H.", labelNames: ["op"], buckets: [1])
        let series = histogram.series(["post"])
        series.observe(0.5)
        series.observe(Duration.seconds(3))
        histogram.observe(1, labels: ["post"])
        #expect(series.count == 3)
        #expect(histogram.count(labels: ["post"]) == 3)
        #expect(histogram.sum(labels: ["post"]) == 4.5)
        #expect(histogram.count(labels: ["get"]) == 0)
    }
}
