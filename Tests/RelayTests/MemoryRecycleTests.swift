import Foundation
@testable import Relay
import Testing

/// A worker whose resident memory passes `RELAY_RECYCLE_RSS_MIB` stops gracefully (and exits 0 to be restarted), so a
/// slow leak outside the relay (FoundationNetworking's, ~170 B per HTTP request) ends in a planned restart, not an OOM kill.
@Suite(.timeLimit(.minutes(1))) struct MemoryRecycleTests {
    @Test(arguments: [(0, nil), (64, 64 * 1_048_576), (512, 512 * 1_048_576)])
    func theLimitIsOffAtZero(mebibytes: Int, bytes: Int?) {
        #expect(MemoryRecycle(mebibytes: mebibytes)?.limitBytes == bytes)
    }

    @Test(arguments: [(0, false), (64 * 1_048_576, false), (64 * 1_048_576 + 1, true), (1 << 40, true)])
    func dueOnlyAboveTheLimit(resident: Int, due: Bool) {
        #expect(MemoryRecycle(mebibytes: 64)?.isDue(residentBytes: resident) == due)
    }

    @Test func aWorkerAboveTheLimitStopsGracefullyAndSaysWhy() async throws {
        let harness = try RelayHarness(partitions: 1)
        var settings = harness.settings()
        settings.recycleResidentMebibytes = 1   // any process is above 1 MiB (the setting refuses < 64; the test needs "now")
        let service = try RelayService(settings: settings, logger: harness.logger(), businessCentral: FakeBusinessCentral())
        try await service.run()   // returns, without an error, once it has stopped by itself
        let recycled = harness.logSink.entries.filter { $0.message.hasPrefix("memory.recycle") }
        #expect(recycled.count == 1)
        #expect(recycled.first?.metadata["relay.recycle_rss_mib"] == "1")
    }

    @Test(arguments: [("0", 0), ("", 0), ("256", 256)])
    func theSettingIsReadFromTheEnvironment(value: String, expected: Int) throws {
        var environment = RelaySettingsTests.online
        if !value.isEmpty { environment["RELAY_RECYCLE_RSS_MIB"] = value }
        #expect(try RelaySettings.load(from: environment).recycleResidentMebibytes == expected)
    }

    @Test func aLimitBelowTheBaseMemoryIsRefusedNamingTheSetting() {
        var environment = RelaySettingsTests.online
        environment["RELAY_RECYCLE_RSS_MIB"] = "32"
        #expect { _ = try RelaySettings.load(from: environment) } throws: { error in
            "\(error)".contains("RELAY_RECYCLE_RSS_MIB")
        }
    }
}
