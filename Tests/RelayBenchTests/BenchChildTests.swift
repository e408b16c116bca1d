import Foundation
@testable import RelayBench
import Testing

@Suite struct BenchChildTests {
    /// What the bench does when it is stopped by a signal: no child may outlive it.
    @Test func killAllStopsEveryRunningChild() async throws {
        let children = try (0..<2).map { index in
            try BenchChild(name: "sleep-\(index)", executable: URL(fileURLWithPath: "/bin/sleep"), arguments: ["60"], environment: [:])
        }
        defer { children.forEach { $0.removeLog() } }
        let startedRunning = children.filter { $0.isRunning }.count
        #expect(startedRunning == 2)
        BenchChild.killAll()
        let deadline = ContinuousClock.now + .seconds(10)
        while children.contains(where: { $0.isRunning }), ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        let stillRunning = children.filter { $0.isRunning }.count
        #expect(stillRunning == 0)
    }
}
