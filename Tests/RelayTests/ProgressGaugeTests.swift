import Foundation
@testable import Relay
import Testing

/// The "last progress" gauges start at the start-up time, so `time() - gauge` on a pod that has booked nothing yet is
/// its age, not 1.8e9 seconds (they were 0 until the first poll iteration and the first booking).
@Suite(.timeLimit(.minutes(1))) struct ProgressGaugeTests {
    @Test func progressGaugesStartAtStartUp() throws {
        let harness = try RelayHarness(partitions: 1)
        let before = Date().timeIntervalSince1970
        let service = try RelayService(settings: harness.settings(), logger: .disabled)
        let after = Date().timeIntervalSince1970
        for gauge in [service.metrics.pollProgress, service.metrics.processingProgress] {
            let value = gauge.value()
            #expect(value >= before && value <= after, "\(gauge.name) = \(value), expected the start-up time")
        }
    }
}
