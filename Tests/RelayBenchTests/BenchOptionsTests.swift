import Foundation
import Testing
@testable import RelayBench
import RelayCLI

@Suite struct BenchOptionsTests {
    private func parse(_ arguments: [String]) throws -> BenchOptions {
        try BenchOptions.parse(ArgumentParser.parse(arguments, spec: BenchCommand.spec))
    }

    @Test func defaultsRunEveryScenarioThreeTimes() throws {
        let options = try parse([])
        #expect(options.scenarios == BenchScenario.allCases)
        #expect(options.runs == 3)
        #expect(options.events == 100_000)
        #expect(options.partitions == 16)
        #expect(options.concurrency == 5)
        #expect(options.latencyBound == 100)
        #expect(options.rateLimit == 300 && options.rateWindow == .seconds(15))
        #expect(!options.quick)
    }

    @Test func quickShrinksVolumesAndRuns() throws {
        let options = try parse(["--quick"])
        #expect(options.quick && options.runs == 1)
        #expect(options.events < 100_000)
        #expect(try parse(["--quick", "--runs", "2"]).runs == 2)
    }

    @Test func scenariosAreRepeatableOrCommaSeparatedAndKeepTheirOrder() throws {
        #expect(try parse(["--scenario", "recovery", "-s", "ceiling"]).scenarios == [.ceiling, .recovery])
        #expect(try parse(["--scenario", "rate,scale-out"]).scenarios == [.rate, .scaleOut])
        #expect(try parse(["--scenario", "all"]).scenarios == BenchScenario.allCases)
        #expect(throws: UsageError.self) { try parse(["--scenario", "everything"]) }
    }

    @Test func valuesAreCheckedAndApplied() throws {
        let options = try parse(["--events", "20000", "--runs", "5", "--latency", "20ms", "--concurrency", "10", "--rate-limit", "600/30s",
                                 "--log-level", "warning", "--relay-env", "KAFKA_QUEUED_MIN_MESSAGES=1000", "--partitions", "12"])
        #expect(options.events == 20_000)
        #expect(options.runs == 5)
        #expect(options.latency == .milliseconds(20))
        #expect(options.concurrency == 10)
        #expect(abs(options.latencyBound - 500) < 1e-9)
        #expect(options.rateLimit == 600 && options.rateWindow == .seconds(30))
        #expect(options.rateEvents == 1795)
        #expect(options.logLevel == .warning)
        #expect(options.relayEnvironment == ["KAFKA_QUEUED_MIN_MESSAGES": "1000"])
        #expect(options.partitions == 12)
        #expect(throws: UsageError.self) { try parse(["--runs", "0"]) }
        #expect(throws: UsageError.self) { try parse(["--events", "many"]) }
        #expect(throws: UsageError.self) { try parse(["--rate-limit", "300"]) }
        #expect(throws: UsageError.self) { try parse(["--relay-env", "NOEQUALS"]) }
        #expect(throws: UsageError.self) { try parse(["--log-level", "loud"]) }
    }

    @Test func ceilingPartsAreCheckedAndApplied() throws {
        #expect(try parse([]).ceilingParts == Set(CeilingPart.allCases))
        #expect(try parse(["--ceiling-parts", "kafka-path"]).ceilingParts == [.kafkaPath])
        #expect(try parse(["--ceiling-parts", "relay, small", "--ceiling-parts", "http-path"]).ceilingParts == [.relay, .small, .httpPath])
        #expect(throws: UsageError.self) { try parse(["--ceiling-parts", "kafka"]) }
    }

    @Test func soakVolumesAreCheckedAndApplied() throws {
        let options = try parse(["--scenario", "soak", "--soak-events", "300000", "--soak-requests", "150000"])
        #expect(options.scenarios == [.soak])
        #expect(options.soakEvents == 300_000 && options.soakRequests == 150_000)
        #expect(options.soakSampleAt == 100_000)
        #expect(try parse(["--quick"]).soakSampleAt < 100_000)
        #expect(throws: UsageError.self) { try parse(["--soak-events", "100000"]) }   // must pass the first sample
        #expect(try parse(["--soak-requests", "0"]).soakRequests == 0)                // 0 skips that part
        #expect(throws: UsageError.self) { try parse(["--soak-requests", "lots"]) }
    }
}
