import Foundation
import Testing
@testable import RelayBench

@Suite struct BenchMathTests {
    @Test func percentileUsesNearestRank() {
        let values = (1...100).map(Double.init).shuffled()
        #expect(BenchMath.percentile(values, 50) == 50)
        #expect(BenchMath.percentile(values, 99) == 99)
        #expect(BenchMath.percentile(values, 100) == 100)
        #expect(BenchMath.percentile(values, 0) == 1)
        #expect(BenchMath.percentile([7], 99) == 7)
        #expect(BenchMath.percentile([], 50) == nil)
        #expect(BenchMath.percentile([1, 2, 3, 4], 50) == 2)
    }

    @Test func medianOfOddAndEvenCounts() {
        #expect(BenchMath.median([3, 1, 2]) == 2)
        #expect(BenchMath.median([4, 1, 3, 2]) == 2.5)
        #expect(BenchMath.median([]) == nil)
    }

    @Test func figureKeepsMedianAndSpread() throws {
        let figure = try #require(BenchFigure([950, 1010, 990]))
        #expect(figure.median == 990)
        #expect(figure.min == 950)
        #expect(figure.max == 1010)
        #expect(figure.formatted() == "990 (950–1,010)")
        #expect(BenchFigure([12.345])?.formatted(decimals: 1, unit: "MiB") == "12.3 MiB")
        #expect(BenchFigure([]) == nil)
    }

    @Test func steadyRateIgnoresStartAndTail() throws {
        // 100 completions at 10 per second, after a 3-second start-up and with a straggler at the end.
        var times = (0..<100).map { 3 + Double($0) / 10 }
        times.append(60)
        let rate = try #require(BenchMath.steadyRate(times))
        #expect(abs(rate - 10) < 0.5)
        #expect(BenchMath.steadyRate([1, 2, 3]) == nil)
        #expect(BenchMath.steadyRate(Array(repeating: 5, count: 20)) == nil)
    }

    @Test func minimumTimeUnderASlidingWindow() {
        #expect(BenchMath.minimumTime(requests: 300, limit: 300, window: 15) == 0)
        #expect(BenchMath.minimumTime(requests: 301, limit: 300, window: 15) == 15)
        #expect(BenchMath.minimumTime(requests: 900, limit: 300, window: 15) == 30)
        #expect(BenchMath.minimumTime(requests: 902, limit: 300, window: 15) == 45)
        #expect(BenchMath.minimumTime(requests: 0, limit: 300, window: 15) == 0)
    }

    @Test func longestGapAfterAnInstant() {
        let times: [Double] = [0, 1, 2, 10, 11, 11.5]
        #expect(BenchMath.longestGap(times) == 8)
        #expect(BenchMath.longestGap(times, after: 5) == 5)
        #expect(BenchMath.longestGap([1]) == 0)
    }

    @Test func parsesTheRelaysTimestamps() throws {
        #expect(BenchMath.parseTimestamp("1970-01-01T00:00:00Z") == 0)
        let value = try #require(BenchMath.parseTimestamp("2026-11-21T10:15:30.123Z"))
        let reference = try #require(ISO8601DateFormatter().date(from: "2026-11-21T10:15:30Z")).timeIntervalSince1970
        #expect(abs(value - (reference + 0.123)) < 1e-6)
        #expect(BenchMath.parseTimestamp("2024-02-29T23:59:59.5Z") == 1_709_251_199.5)
        #expect(BenchMath.parseTimestamp("2026-11-21 10:15:30Z") == nil)
        #expect(BenchMath.parseTimestamp("2026-11-21T10:15:30+01:00") == nil)
        #expect(BenchMath.parseTimestamp("garbage") == nil)
    }

    @Test func formatsNumbersWithGrouping() {
        #expect(BenchFormat.number(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(BenchFormat.number(-1500, decimals: 0) == "-1,500")
        #expect(BenchFormat.number(999, decimals: 0) == "999")
        #expect(BenchFormat.percent(0.9531) == "95.3%")
        #expect(BenchFormat.number(.nan, decimals: 1) == "—")
    }

    @Test func scansTheOutcomeJSON() throws {
        let json = """
        {"eventId":"evt-1","idempotencyKey":null,"status":"created","customerPaymentId":"x","journalCode":"RELAY","bcToken":"PR-1",\
        "amount":"1.00","attempts":1,"error":null,"source":{"topic":"payments.received","partition":3,"offset":42},\
        "processedAt":"2026-11-21T10:15:30.123Z"}
        """
        let outcome = try #require(OutcomeWatcher.scan(Array(json.utf8)))
        #expect(outcome.eventId == "evt-1")
        #expect(outcome.status == "created")
        #expect(outcome.partition == 3)
        #expect(outcome.offset == 42)
        #expect(abs(outcome.processedAt - BenchMath.parseTimestamp("2026-11-21T10:15:30.123Z")!) < 1e-9)
        #expect(OutcomeWatcher.scan(Array("{}".utf8)) == nil)
    }

    @Test func readsProcAndMetricsText() throws {
        let stat = "4242 (payment relay) S 1 4242 4242 0 -1 4194560 1234 0 0 0 250 50 0 0 20 0 12 0 100 0 0"
        let status = "Name:\tpayment-relay\nVmPeak:\t  900000 kB\nVmHWM:\t   65536 kB\nVmRSS:\t   32768 kB\n"
        let sample = try #require(ProcessSample.parse(stat: stat, status: status))
        #expect(abs(sample.cpuSeconds - 300 / ProcessSample.clockTicks) < 1e-9)
        #expect(sample.peakRSS == 64 << 20)
        #expect(sample.rss == 32 << 20)
        let metrics = """
        # TYPE relay_ledger_entries gauge
        relay_ledger_entries{partition="3"} 10
        relay_ledger_entries{partition="12"} 0
        relay_outcomes_total{status="created"} 5
        relay_outcomes_total{status="duplicate"} 2
        relay_outcomes_totalish 100
        """
        #expect(MetricsProbe.loadedPartitions(metrics) == [3, 12])
        #expect(MetricsProbe.total("relay_outcomes_total", in: metrics) == 7)
        #expect(BenchChild.port(inLog: "{\"message\":\"payment-relay started\",\"http.port\":\"40123\"}") == 40123)
        #expect(BenchChild.port(inLog: "... payment-relay started http.port=8080 kafka.group=g") == 8080)
        #expect(BenchChild.port(inLog: "nothing") == nil)
    }
}
