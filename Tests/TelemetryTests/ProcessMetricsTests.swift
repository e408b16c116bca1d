import Foundation
import RelayTestKit
import Synchronization
@testable import Telemetry
import Testing

@Suite struct ProcessMetricsTests {
    // A real line's shape, with a command name holding spaces and a parenthesis.
    private let stat = "4242 (payment relay) x) S 1 4242 4242 0 -1 4194560 2000 0 0 0 150 75 0 0 20 0 12 0 98765 400000000 5000 "
        + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"

    @Test func statFieldsAreCountedAfterTheLastParenthesis() throws {
        let ticks = try #require(ProcessStats.statTicks(stat))
        #expect(ticks.user == 150 && ticks.system == 75 && ticks.start == 98765)
        #expect(ProcessStats.statTicks("4242 (short) S 1") == nil)
        #expect(ProcessStats.statTicks("no parenthesis") == nil)
    }

    @Test func residentPagesAndBootTimeAreRead() {
        #expect(ProcessStats.residentPages("10234 2560 512 1 0 3000 0\n") == 2560)
        #expect(ProcessStats.residentPages("10234") == nil)
        #expect(ProcessStats.bootTime("cpu  1 2 3\nbtime 1772323200\nprocesses 5\n") == 1_772_323_200)
        #expect(ProcessStats.bootTime("cpu 1\n") == nil)
    }

    @Test func thisProcessIsReadOnLinux() throws {
        #if os(Linux)
        let stats = try #require(ProcessStats.read())
        #expect(stats.residentMemoryBytes > 1_000_000)
        #expect(stats.openFileDescriptors >= 3)
        #expect(stats.startTimeSeconds <= Date().timeIntervalSince1970 + 1 && stats.startTimeSeconds > 1_600_000_000)
        #endif
    }

    @Test func metricsFollowTheSourceAndTheCPUCounterNeverGoesDown() throws {
        let registry = MetricsRegistry()
        let sample = Mutex(ProcessStats(cpuSeconds: 2.5, residentMemoryBytes: 4096, openFileDescriptors: 7, startTimeSeconds: 1_700_000_000))
        ProcessMetrics.register(in: registry) { sample.withLock { $0 } }
        var scrape = try PrometheusTextParser.parse(registry.render())
        #expect(scrape.value("process_cpu_seconds_total") == 2.5)
        #expect(scrape.value("process_resident_memory_bytes") == 4096)
        #expect(scrape.value("process_open_fds") == 7)
        #expect(scrape.value("process_start_time_seconds") == 1_700_000_000)
        #expect(registry.render().contains("# TYPE process_cpu_seconds_total counter"))

        sample.withLock { $0.cpuSeconds = 1; $0.openFileDescriptors = 9 }
        scrape = try PrometheusTextParser.parse(registry.render())
        #expect(scrape.value("process_cpu_seconds_total") == 2.5, "a counter is never lowered")
        #expect(scrape.value("process_open_fds") == 9)
        sample.withLock { $0.cpuSeconds = 3.25 }
        #expect(try PrometheusTextParser.parse(registry.render()).value("process_cpu_seconds_total") == 3.25)
    }
}
