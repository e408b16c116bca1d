import BCSimulator
import Foundation
import Testing

@Suite struct LimitTests {
    private func parallel(_ sim: SimulatorSession, count: Int, token: String? = nil) async throws -> [Reply] {
        try await withThrowingTaskGroup(of: Reply.self) { group in
            for _ in 0..<count { group.addTask { try await sim.call("GET", "companies", token: token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test(arguments: [true, false])
    func rateLimitRefusesRequestsBeyondTheWindow(retryAfter: Bool) async throws {
        try await withSimulator({
            $0.limits = SimLimits(rateLimit: .init(requests: 5, window: .seconds(30)), retryAfterOn429: retryAfter)
        }) { (sim) async throws in
            var replies: [Reply] = []
            for _ in 0..<8 { replies.append(try await sim.call("GET", "companies")) }
            #expect(replies.map(\.status) == [200, 200, 200, 200, 200, 429, 429, 429])
            #expect(replies[5].errorCode == "Application_TooManyRequests")
            #expect(replies[5].header("Retry-After") == (retryAfter ? "30" : nil))
            #expect(sim.simulator.stats.rateLimited == 3)
            // Another user has a window of its own.
            #expect(try await sim.call("GET", "companies", token: sim.simulator.issueToken(clientId: "client-2")).status == 200)
            // The window sliding is covered without waiting by ParsingTests.rateLimiterSlidesItsWindow.
        }
    }

    @Test func concurrencyLimitQueuesAndNeverExceedsTheMaximum() async throws {
        try await withSimulator({
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 2, maxQueued: 50, queueTimeout: .seconds(10)))
            $0.faults = FaultPlan(latency: .milliseconds(40))
        }) { (sim) async throws in
            let replies = try await parallel(sim, count: 12)
            #expect(replies.allSatisfy { $0.status == 200 })
            let stats = sim.simulator.stats
            #expect(stats.maxConcurrentByClient["client-1"] == 2)
            #expect(stats.maxQueued >= 1)
        }
    }

    @Test func fullQueueIsRefusedWith429() async throws {
        try await withSimulator({
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 1, maxQueued: 1, queueTimeout: .seconds(10)))
            $0.faults = FaultPlan(latency: .milliseconds(600))
        }) { (sim) async throws in
            let replies = try await parallel(sim, count: 8)
            let refused = replies.filter { $0.status == 429 }
            #expect(!refused.isEmpty)
            #expect(refused.allSatisfy { $0.errorCode == "Application_TooManyRequests" })
            #expect(replies.filter { $0.status == 200 }.count >= 2)
            #expect(sim.simulator.stats.queueOverflows == refused.count)
            #expect(sim.simulator.stats.maxConcurrentByClient["client-1"] == 1)
        }
    }

    @Test func waitingTooLongInTheQueueGives503() async throws {
        try await withSimulator({
            $0.limits = SimLimits(concurrency: .init(maxExecuting: 1, maxQueued: 10, queueTimeout: .milliseconds(100)))
            $0.faults = FaultPlan(latency: .milliseconds(500))
        }) { (sim) async throws in
            let replies = try await parallel(sim, count: 3)
            let timedOut = replies.filter { $0.status == 503 }
            #expect(timedOut.count == 2)
            #expect(timedOut.allSatisfy { $0.errorCode == "Internal_ServiceUnavailable" && $0.header("Retry-After") != nil })
            #expect(sim.simulator.stats.queueTimeouts == 2)
        }
    }
}
